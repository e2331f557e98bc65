import type { OperatorParsedParams } from '../../src/protocol/operator-api.ts';
import type { ClientRpcRule } from '../platform/client-rpc-service.ts';
import type { Hub } from '../platform/hub.ts';

import { optionalDevice } from './device-ref.ts';
import type { MethodHandlers } from './method-types.ts';

type RuleParam = OperatorParsedParams<'clientRpc.rules.set'>['rules'][number];

/** clientRpc.*: answers to device → server RPCs (spec §8): rules, and live replies to pending requests. */
export function clientRpcMethods(
  hub: Hub,
): Pick<
  MethodHandlers,
  'clientRpc.rules.list' | 'clientRpc.rules.set' | 'clientRpc.pending' | 'clientRpc.reply'
> {
  return {
    'clientRpc.rules.list': () => hub.clientRpc.listRules(),
    'clientRpc.rules.set': (p) => {
      hub.clientRpc.setRules(p.rules.map((r) => toRule(hub, r)));
      return hub.clientRpc.listRules();
    },
    'clientRpc.pending': (p) => {
      const device = optionalDevice(hub, p);
      return hub.clientRpc.pending().filter((r) => !device || r.deviceId === device.id);
    },
    'clientRpc.reply': (p) => {
      hub.clientRpc.reply(p.id, p.response);
      return { id: p.id, answered: true };
    },
  };
}

function toRule(hub: Hub, r: RuleParam): ClientRpcRule {
  const device = optionalDevice(hub, r);
  const action: ClientRpcRule['action'] =
    r.action.type === 'static' ? { type: 'static', value: r.action.value } : r.action;
  return {
    method: r.method,
    deviceId: device?.id ?? null,
    action,
    ...(r.delayMs === undefined ? {} : { delayMs: r.delayMs }),
  };
}
