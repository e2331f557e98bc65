import type { FaultRuleDto } from '../../src/protocol/faults.ts';
import { HubError } from '../platform/errors.ts';
import type { Hub } from '../platform/hub.ts';

import type { MethodHandlers } from './method-types.ts';

type FaultMethod = 'faults.add' | 'faults.list' | 'faults.remove' | 'faults.clear';

/** faults.*: fault injection rules (ADR 0011), straight onto `hub.faults`. */
export function faultMethods(hub: Hub): Pick<MethodHandlers, FaultMethod> {
  return {
    'faults.add': (p) => {
      // the rule as it is after the add: a session.close rule may have fired at once (and be
      // spent); listeners run in the order they were added, so this one runs after those closes
      let added: FaultRuleDto | undefined;
      const off = hub.faults.onAdded((rule) => {
        added = { ...rule };
      });
      try {
        hub.faults.add(p);
      } finally {
        off();
      }
      if (!added) throw new HubError('INTERNAL', 'the rule was not added');
      return added;
    },
    'faults.list': () => hub.faults.list(),
    'faults.remove': (p) => {
      if (!hub.faults.remove(p.id))
        throw new HubError('NOT_FOUND', `fault rule ${p.id} was not found`);
      return { id: p.id, removed: true };
    },
    'faults.clear': () => ({ removed: hub.faults.clear() }),
  };
}
