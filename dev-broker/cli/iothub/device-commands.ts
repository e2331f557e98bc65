import type { OperatorParams } from '../../../src/protocol/operator-api.ts';
import type { CredentialsDto, DeviceDto } from '../../../src/protocol/operator-dto.ts';
import { UsageError } from '../command-line.ts';

import { deviceRef, jsonArg, unknownSub, type Command, type CommandContext } from './context.ts';
import { iso, keyValues, table } from './format.ts';

const deviceRows = (devices: DeviceDto[]) =>
  table(
    ['NAME', 'ID', 'PROFILE', 'ONLINE', 'LAST ACTIVITY', 'GATEWAY'],
    devices.map((d) => [
      d.name,
      d.id,
      d.profileName,
      d.online ? 'yes' : 'no',
      iso(d.lastActivityTime),
      d.gateway ? 'yes' : 'no',
    ]),
  );

const credentials = (c: CredentialsDto) => keyValues(c);

type CredentialsInput = NonNullable<OperatorParams<'devices.create'>['credentials']>;

/** `devices list|get|create|update|delete|credentials` */
export const devicesCommand: Command = async (ctx) => {
  const { args } = ctx;
  const sub = args.optPos();
  switch (sub) {
    case 'list': {
      const online = args.bool('online') ? true : args.bool('offline') ? false : undefined;
      const params = {
        ...optional('offset', args.int('offset')),
        ...optional('limit', args.int('limit')),
        ...optional('nameContains', args.flag('name')),
        ...optional('online', online),
      };
      args.done();
      const page = await ctx.call('devices.list', params);
      ctx.print(
        page,
        (p) =>
          `${deviceRows(p.items)}\n${String(p.items.length)} of ${String(p.total)} devices${p.hasNext ? ` (more: --offset ${String(p.offset + p.limit)})` : ''}`,
      );
      return;
    }
    case 'get': {
      const ref = deviceRef(args.pos('<device>'));
      args.done();
      const device = await ctx.call('devices.get', ref);
      ctx.print(device, keyValues);
      return;
    }
    case 'create':
      return createDevice(ctx);
    case 'update': {
      const ref = deviceRef(args.pos('<device>'));
      const gateway = args.bool('gateway') ? true : args.bool('no-gateway') ? false : undefined;
      const params = {
        ...ref,
        ...optional('name', args.flag('name')),
        ...optional('profile', args.flag('profile')),
        ...optional('type', args.flag('type')),
        ...optional('gateway', gateway),
      };
      args.done();
      ctx.print(await ctx.call('devices.update', params), keyValues);
      return;
    }
    case 'delete': {
      const ref = deviceRef(args.pos('<device>'));
      args.done();
      const result = await ctx.call('devices.delete', ref);
      ctx.print(result, (r) => `deleted device ${r.deviceId}`);
      return;
    }
    case 'credentials':
      return deviceCredentials(ctx);
    default:
      return unknownSub('devices', sub, [
        'list',
        'get',
        'create',
        'update',
        'delete',
        'credentials',
      ]);
  }
};

async function createDevice(ctx: CommandContext): Promise<void> {
  const { args } = ctx;
  const name = args.flag('name') ?? args.optPos();
  if (name === undefined) throw new UsageError('devices create needs --name <name>');
  const creds = args.flag('credentials');
  const params: OperatorParams<'devices.create'> = {
    name,
    ...optional('token', args.flag('token')),
    ...optional('profile', args.flag('profile')),
    ...optional('type', args.flag('type')),
    ...(args.bool('gateway') ? { gateway: true } : {}),
    ...(creds === undefined
      ? {}
      : { credentials: jsonArg('--credentials', creds) as CredentialsInput }), // checked by the broker
  };
  args.done();
  const created = await ctx.call('devices.create', params);
  ctx.print(
    created,
    (c) => `created device ${c.device.name} (${c.device.id})\n${credentials(c.credentials)}`,
  );
}

/** `devices credentials <device>` reads; with --token or --credentials '<json>' it replaces them. */
async function deviceCredentials(ctx: CommandContext): Promise<void> {
  const { args } = ctx;
  const ref = deviceRef(args.pos('<device>'));
  const token = args.flag('token');
  const json = args.flag('credentials');
  args.done();
  if (token === undefined && json === undefined) {
    ctx.print(await ctx.call('devices.credentials.get', ref), credentials);
    return;
  }
  const next =
    token === undefined
      ? (jsonArg('--credentials', json ?? '') as CredentialsInput)
      : { type: 'ACCESS_TOKEN' as const, token };
  ctx.print(
    await ctx.call('devices.credentials.set', { ...ref, credentials: next }),
    (c) => `credentials replaced\n${credentials(c)}`,
  );
}

/** Takes every positional left. */
export function restOf(ctx: CommandContext): string[] {
  const out: string[] = [];
  for (let next = ctx.args.optPos(); next !== undefined; next = ctx.args.optPos()) out.push(next);
  return out;
}

/** `{ [key]: value }`, or `{}` when the value is undefined. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
