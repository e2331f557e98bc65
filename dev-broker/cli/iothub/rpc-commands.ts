import type { OperatorMethod, OperatorParams } from '../../../src/protocol/operator-api.ts';
import type { RpcDto } from '../../../src/protocol/operator-dto.ts';
import { UsageError } from '../command-line.ts';

import {
  deviceRef,
  jsonArg,
  listArg,
  timeArg,
  type Command,
  type CommandContext,
} from './context.ts';
import { iso, keyValues, show, table } from './format.ts';

const rpcRows = (rpcs: RpcDto[]) =>
  table(
    ['RPC ID', 'METHOD', 'STATUS', 'ATTEMPTS', 'EXPIRES', 'RESPONSE'],
    rpcs.map((r) => [
      r.rpcId,
      r.method,
      r.status,
      String(r.attempts),
      iso(r.expirationTime),
      r.response === null ? '-' : show(r.response),
    ]),
  );

/** `rpc <device> <method> ['<json params>'] [--oneway] [--timeout ms] [--persistent] …`, and `rpc get|list|delete`. */
export const rpcCommand: Command = async (ctx) => {
  const { args } = ctx;
  switch (args.peek()) {
    case 'get': {
      args.optPos();
      const rpcId = args.pos('<rpcId>');
      args.done();
      const rpc = await ctx.call('rpc.get', { rpcId });
      ctx.print(rpc, keyValues);
      return;
    }
    case 'list': {
      args.optPos();
      const ref = deviceRef(args.pos('<device>'));
      const status = args.flag('status');
      const params = {
        ...ref,
        ...(status === undefined ? {} : { statuses: listArg([status.toUpperCase()]) }),
        ...intFlag(ctx, 'offset'),
        ...intFlag(ctx, 'limit'),
      } as OperatorParams<'rpc.list'>; // status names are checked by the broker
      args.done();
      ctx.print(
        await ctx.call('rpc.list', params),
        (p) => `${rpcRows(p.items)}\n${String(p.items.length)} of ${String(p.total)} RPCs`,
      );
      return;
    }
    case 'delete': {
      args.optPos();
      const rpcId = args.pos('<rpcId>');
      args.done();
      const rpc = await ctx.call('rpc.delete', { rpcId });
      ctx.print(rpc, (r) => `RPC ${r.rpcId} is ${r.status}`);
      return;
    }
    case 'send':
      args.optPos();
      return sendRpc(ctx);
    default:
      return sendRpc(ctx);
  }
};

async function sendRpc(ctx: CommandContext): Promise<void> {
  const { args } = ctx;
  const ref = deviceRef(args.pos('<device>'));
  const method = args.pos('<method>');
  const rawParams = args.optPos();
  const expiration = args.flag('expiration');
  const info = args.flag('info');
  const params: OperatorParams<'rpc.send'> = {
    ...ref,
    method,
    ...(rawParams === undefined ? {} : { params: jsonArg('params', rawParams) }),
    ...(args.bool('oneway') ? { oneway: true } : {}),
    ...(args.bool('persistent') ? { persistent: true } : {}),
    ...intFlag(ctx, 'timeout'),
    ...intFlag(ctx, 'retries'),
    ...(expiration === undefined ? {} : { expirationTime: timeArg('--expiration', expiration) }),
    ...(info === undefined ? {} : { additionalInfo: jsonArg('--info', info) }),
  };
  args.done();
  const result = await ctx.call('rpc.send', params);
  ctx.print(result, (r) => {
    switch (r.kind) {
      case 'reply':
        return r.json ? JSON.stringify(r.response, null, 2) : r.response;
      case 'delivered':
        return 'delivered (one-way)';
      case 'persistent':
        return `persistent RPC ${r.rpcId} is ${r.status}`;
    }
  });
}

/** `call <method> ['<json params>']`: any method, result as JSON. */
export const callCommand: Command = async (ctx) => {
  const { args } = ctx;
  // an unknown method is sent as it is: the broker's error lists the known ones
  const method = args.pos('<method>') as OperatorMethod;
  const raw = args.optPos();
  args.done();
  const params = raw === undefined ? {} : jsonArg('params', raw);
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw new UsageError('params must be a JSON object');
  const result = await ctx.call(method, params);
  ctx.print(result, (r) => JSON.stringify(r, null, 2));
};

function intFlag<K extends string>(ctx: CommandContext, name: K): { [P in K]?: number } {
  const value = ctx.args.int(name);
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: number };
}
