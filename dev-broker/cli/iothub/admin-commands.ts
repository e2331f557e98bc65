import { readFileSync } from 'node:fs';

import type { OperatorParams } from '../../../src/protocol/operator-api.ts';
import type {
  BrokerInfoDto,
  EventDto,
  ProfileDto,
  SessionDto,
} from '../../../src/protocol/operator-dto.ts';
import { parseOperatorEventTopic } from '../../../src/protocol/operator-events.ts';
import { OPERATOR_TOPICS, operatorEventTopic } from '../../../src/protocol/operator-topics.ts';

import { UsageError } from './args.ts';
import {
  deviceRef,
  listArg,
  profileRef,
  unknownSub,
  type Command,
  type CommandContext,
} from './context.ts';
import { eventLine } from './event-lines.ts';
import { iso, keyValues, table } from './format.ts';

const profileRows = (profiles: ProfileDto[]) =>
  table(
    ['NAME', 'ID', 'PROVISIONING', 'PAYLOAD', 'DEFAULT'],
    profiles.map((p) => [p.name, p.id, p.provisionType, p.payloadType, p.isDefault ? 'yes' : 'no']),
  );

/** `profiles list|get|create|update|delete` */
export const profilesCommand: Command = async (ctx) => {
  const { args } = ctx;
  const sub = args.optPos();
  if (sub === 'list') {
    args.done();
    ctx.print(await ctx.call('profiles.list', {}), profileRows);
    return;
  }
  if (sub === 'get' || sub === 'delete') {
    const ref = profileRef(args.pos('<profile>'));
    args.done();
    if (sub === 'get') {
      ctx.print(await ctx.call('profiles.get', ref), keyValues);
      return;
    }
    ctx.print(await ctx.call('profiles.delete', ref), (r) => `deleted profile ${r.profileId}`);
    return;
  }
  if (sub !== 'create' && sub !== 'update')
    return unknownSub('profiles', sub, ['list', 'get', 'create', 'update', 'delete']);
  const target = sub === 'update' ? profileRef(args.pos('<profile>')) : undefined;
  const name = args.flag('name') ?? (sub === 'create' ? args.optPos() : undefined);
  const fields = {
    ...(name === undefined ? {} : { name }),
    ...pick(ctx, 'provisionType', 'provision-type', (v) => v.toUpperCase()),
    ...pick(ctx, 'provisionKey', 'provision-key'),
    ...pick(ctx, 'provisionSecret', 'provision-secret'),
    ...pick(ctx, 'payloadType', 'payload-type', (v) => v.toUpperCase()),
    ...pick(ctx, 'sendAckOnValidationException', 'ack-on-invalid', (v) => v === 'true'),
    ...protoOptions(ctx),
  };
  args.done();
  if (target) {
    const params = { ...target, ...fields } as OperatorParams<'profiles.update'>; // enums are checked by the broker
    ctx.print(await ctx.call('profiles.update', params), keyValues);
    return;
  }
  if (name === undefined) throw new UsageError('profiles create needs --name <name>');
  const params = { ...fields, name } as OperatorParams<'profiles.create'>;
  ctx.print(
    await ctx.call('profiles.create', params),
    (p) => `created profile ${p.name} (${p.id})`,
  );
};

/** spec §2.3: the Protobuf switches, and the four schemas read from .proto files. */
function protoOptions(ctx: CommandContext): Record<string, unknown> {
  const schema = (file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
  };
  return {
    ...pick(ctx, 'enableCompatibilityWithJsonPayloadFormat', 'json-compat', (v) => v === 'true'),
    ...pick(
      ctx,
      'useJsonPayloadFormatForDefaultDownlinkTopics',
      'json-downlink',
      (v) => v === 'true',
    ),
    ...pick(ctx, 'deviceTelemetryProtoSchema', 'telemetry-proto', schema),
    ...pick(ctx, 'deviceAttributesProtoSchema', 'attributes-proto', schema),
    ...pick(ctx, 'deviceRpcRequestProtoSchema', 'rpc-request-proto', schema),
    ...pick(ctx, 'deviceRpcResponseProtoSchema', 'rpc-response-proto', schema),
  };
}

function pick<K extends string>(
  ctx: CommandContext,
  key: K,
  flag: string,
  map: (v: string) => unknown = (v) => v,
): { [P in K]?: unknown } {
  const value = ctx.args.flag(flag);
  return (value === undefined ? {} : { [key]: map(value) }) as { [P in K]?: unknown };
}

const eventRow = (e: EventDto) => [iso(e.ts), e.kind, e.deviceName ?? e.clientId ?? '-', e.message];

/** `events [--device D] [--kinds a,b] [--limit n] [--follow [--count n]]` */
export const eventsCommand: Command = async (ctx) => {
  const { args } = ctx;
  const device = args.flag('device');
  const kinds = listArg([args.flag('kinds') ?? '']);
  const limit = args.int('limit');
  const follow = args.bool('follow');
  const count = args.int('count');
  args.done();
  const ref = device === undefined ? {} : deviceRef(device);
  const params = {
    ...ref,
    ...(kinds.length > 0 ? { kinds } : {}),
    ...(limit === undefined ? {} : { limit }),
  } as OperatorParams<'events.list'>;
  const recent = await ctx.call('events.list', params);
  if (!follow) {
    ctx.print(recent, (list) =>
      table(['TIME', 'KIND', 'WHO', 'MESSAGE'], list.map(eventRow), '(no events)'),
    );
    return;
  }
  const deviceId =
    device === undefined ? null : (await ctx.call('devices.get', deviceRef(device))).id;
  await followEvents(ctx, deviceId, kinds, count);
};

/** Prints live events until Ctrl+C (or `--count` of them). */
async function followEvents(
  ctx: CommandContext,
  deviceId: string | null,
  kinds: string[],
  count: number | undefined,
): Promise<void> {
  let seen = 0;
  let stop: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (stop = resolve));
  const filters =
    deviceId === null ? [OPERATOR_TOPICS.eventsFilter] : [operatorEventTopic(deviceId, '+')];
  await ctx.follow(filters, (topic, payload) => {
    const parsed = parseOperatorEventTopic(topic);
    if (!parsed) return;
    const body = JSON.parse(payload) as { kind?: unknown };
    if (kinds.length > 0 && !kinds.includes(parsed.kind) && !kinds.includes(String(body.kind)))
      return;
    ctx.line(
      ctx.json
        ? JSON.stringify({ topic, kind: parsed.kind, event: body })
        : eventLine(parsed, body),
    );
    if (count !== undefined && ++seen >= count) stop();
  });
  if (!ctx.json) ctx.line(`following ${filters.join(', ')} (Ctrl+C to stop)`);
  await Promise.race([done, ctx.interrupted]);
}

const sessionRows = (sessions: SessionDto[]) =>
  table(
    ['KIND', 'WHO', 'CLIENT ID', 'TRANSPORT', 'PROTOCOL', 'SINCE', 'SUBSCRIPTIONS'],
    sessions.map((s) => [
      s.kind,
      s.deviceName ?? s.account ?? '-',
      s.clientId,
      s.transport,
      s.protocol,
      iso(s.connectedAt),
      s.subscriptions.map((x) => x.filter).join(' '),
    ]),
    '(no sessions)',
  );

/** `sessions [--device D] [--kind device|operator|provision]` */
export const sessionsCommand: Command = async (ctx) => {
  const device = ctx.args.flag('device');
  const kind = ctx.args.flag('kind');
  ctx.args.done();
  const params = {
    ...(device === undefined ? {} : deviceRef(device)),
    ...(kind === undefined ? {} : { kind }),
  } as OperatorParams<'sessions.list'>;
  ctx.print(await ctx.call('sessions.list', params), sessionRows);
};

/** `info`: broker.info */
export const infoCommand: Command = async (ctx) => {
  ctx.args.done();
  ctx.print(await ctx.call('broker.info', {}), (i: BrokerInfoDto) =>
    keyValues({
      broker: `${i.name} ${i.version}`,
      uptime: `${String(Math.round(i.uptimeMs / 1000))} s (since ${iso(i.startedAt)})`,
      storage: i.storage,
      mqtt: i.urls.mqtt,
      ws: i.urls.ws,
      http: i.urls.http,
      devices: i.devices,
      sessions: i.sessions,
      counters: i.counters,
      limits: i.limits,
      methods: i.methods.join(' '),
    }),
  );
};

/** The commands of this file, by name. */
export const adminCommands: Record<string, Command> = {
  profiles: profilesCommand,
  events: eventsCommand,
  sessions: sessionsCommand,
  info: infoCommand,
};
