import type { OperatorParams } from '../../../src/protocol/operator-api.ts';
import type { AttributeDto, TelemetryPointDto } from '../../../src/protocol/operator-dto.ts';
import { UsageError } from '../command-line.ts';

import { deviceRef, jsonArg, listArg, timeArg, unknownSub, type Command } from './context.ts';
import { optional, restOf } from './device-commands.ts';
import { iso, show, table } from './format.ts';

const pointRows = (points: TelemetryPointDto[]) =>
  table(
    ['KEY', 'TYPE', 'VALUE', 'TS'],
    points.map((p) => [p.key, p.type, show(p.value), iso(p.ts)]),
  );

/** `telemetry latest <device> [keys]` and `telemetry history <device> --keys a,b [...]` */
export const telemetryCommand: Command = async (ctx) => {
  const { args } = ctx;
  const sub = args.optPos();
  if (sub === 'latest') {
    const ref = deviceRef(args.pos('<device>'));
    const keys = listArg(restOf(ctx));
    args.done();
    ctx.print(
      await ctx.call('telemetry.latest', { ...ref, ...(keys.length > 0 ? { keys } : {}) }),
      pointRows,
    );
    return;
  }
  if (sub !== 'history') return unknownSub('telemetry', sub, ['latest', 'history']);
  const ref = deviceRef(args.pos('<device>'));
  const keys = listArg([args.flag('keys') ?? '', ...restOf(ctx)]);
  if (keys.length === 0) throw new UsageError('telemetry history needs --keys a,b');
  const start = args.flag('start');
  const end = args.flag('end');
  const agg = args.flag('agg');
  const order = args.flag('order');
  const params = {
    ...ref,
    keys,
    ...(start === undefined ? {} : { startTs: timeArg('--start', start) }),
    ...(end === undefined ? {} : { endTs: timeArg('--end', end) }),
    ...optional('limit', args.int('limit')),
    ...optional('intervalMs', args.int('interval')),
    ...(agg === undefined ? {} : { aggregation: agg.toUpperCase() }),
    ...(order === undefined ? {} : { order: order.toUpperCase() }),
  } as OperatorParams<'telemetry.history'>; // enum spelling is checked by the broker, with its message
  args.done();
  const result = await ctx.call('telemetry.history', params);
  ctx.print(result, (r) =>
    r.aggregation === 'NONE'
      ? pointRows(r.points)
      : table(
          ['KEY', 'BUCKET (MIDDLE)', r.aggregation, 'COUNT'],
          r.points.map((p) => [p.key, iso(p.ts), show(p.value), String(p.count)]),
        ),
  );
};

const attributeRows = (attrs: AttributeDto[]) =>
  table(
    ['KEY', 'SCOPE', 'TYPE', 'VALUE', 'UPDATED'],
    attrs.map((a) => [a.key, a.scope, a.type, show(a.value), iso(a.lastUpdateTs)]),
  );

const scopeArg = (text: string) => text.toUpperCase() as 'CLIENT' | 'SHARED' | 'SERVER';

/** `attributes get <device> <scope> [keys]`, `set <device> shared|server '<json>'`, `delete <device> <scope> <keys>` */
export const attributesCommand: Command = async (ctx) => {
  const { args } = ctx;
  const sub = args.optPos();
  if (sub !== 'get' && sub !== 'set' && sub !== 'delete')
    return unknownSub('attributes', sub, ['get', 'set', 'delete']);
  const ref = deviceRef(args.pos('<device>'));
  const scope = scopeArg(args.pos('<scope> (client, shared or server)'));
  if (sub === 'set') {
    const values = jsonArg('<json>', args.pos("'<json>' values, e.g. '{\"target\":21}'"));
    args.done();
    const saved = await ctx.call('attributes.save', {
      ...ref,
      scope: scope as 'SHARED',
      values: values as Record<string, unknown>,
    });
    ctx.print(saved, (s) => `saved ${s.scope} ${s.keys.join(', ')}`);
    return;
  }
  const keys = listArg(restOf(ctx));
  args.done();
  if (sub === 'get') {
    ctx.print(
      await ctx.call('attributes.get', { ...ref, scope, ...(keys.length > 0 ? { keys } : {}) }),
      attributeRows,
    );
    return;
  }
  const deleted = await ctx.call('attributes.delete', { ...ref, scope, keys });
  ctx.print(deleted, (d) =>
    d.deleted.length === 0 ? 'nothing deleted' : `deleted ${d.scope} ${d.deleted.join(', ')}`,
  );
};
