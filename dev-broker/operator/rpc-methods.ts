import type { RpcSendResultDto } from '../../src/protocol/operator-api.ts';
import type { Hub } from '../platform/hub.ts';
import type { RpcSendResult } from '../platform/rpc-service.ts';

import { compact } from './compact.ts';
import { resolveDevice } from './device-ref.ts';
import { rpcDto } from './dto.ts';
import type { MethodHandlers } from './method-types.ts';

/** rpc.*: server-side RPC (spec §7; reference: RpcV2Controller). */
export function rpcMethods(
  hub: Hub,
): Pick<MethodHandlers, 'rpc.send' | 'rpc.get' | 'rpc.list' | 'rpc.delete'> {
  return {
    // two-way calls wait for the device: the router runs each call on its own, so others are not held up
    'rpc.send': async (p) => {
      const { deviceId: _id, deviceName: _name, ...rest } = p;
      const deviceId = resolveDevice(hub, p).id;
      return sendResultDto(await hub.rpc.send(compact({ ...rest, deviceId })));
    },
    'rpc.get': (p) => rpcDto(hub.rpc.get(p.rpcId)),
    'rpc.list': (p) => {
      const all = hub.rpc.list(resolveDevice(hub, p).id, p.statuses);
      const items = all.slice(p.offset, p.offset + p.limit).map(rpcDto);
      return {
        items,
        total: all.length,
        offset: p.offset,
        limit: p.limit,
        hasNext: p.offset + items.length < all.length,
      };
    },
    'rpc.delete': async (p) => {
      await hub.rpc.delete(p.rpcId);
      return rpcDto(hub.rpc.get(p.rpcId));
    },
  };
}

function sendResultDto(result: RpcSendResult): RpcSendResultDto {
  switch (result.kind) {
    case 'reply':
      return result.reply.json
        ? { kind: 'reply', json: true, response: result.reply.value }
        : { kind: 'reply', json: false, response: result.reply.text };
    case 'delivered':
      return { kind: 'delivered' };
    case 'persistent':
      return { kind: 'persistent', rpcId: result.rpcId, status: result.status };
  }
}
