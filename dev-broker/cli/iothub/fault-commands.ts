import {
  describeAction,
  describeFault,
  type FaultRuleDto,
  type FaultRuleInput,
} from '../../../src/protocol/faults.ts';

import { unknownSub, type Command, type CommandContext } from './context.ts';
import { table } from './format.ts';

/** `--code 0x87` / `--code 5` → a number; `--code NOT_FOUND` stays text (the API checks which fits). */
const codeArg = (raw: string): number | string =>
  /^0x[0-9a-f]+$/i.test(raw) ? Number.parseInt(raw, 16) : /^\d+$/.test(raw) ? Number(raw) : raw;

/** `faults add <kind> [--device D] [--count n] [--ms n] [--code c] [--which w]` */
async function add(ctx: CommandContext): Promise<void> {
  const { args } = ctx;
  const kind = args.pos('<kind>');
  const device = args.flag('device');
  const count = args.int('count');
  const ms = args.int('ms');
  const code = args.flag('code');
  const which = args.flag('which');
  args.done();
  // the API validates the combination and names what is wrong
  const params = {
    kind,
    ...(device === undefined ? {} : { device }),
    ...(count === undefined ? {} : { count }),
    ...(ms === undefined ? {} : { ms }),
    ...(code === undefined ? {} : { code: codeArg(code) }),
    ...(which === undefined ? {} : { which }),
  } as FaultRuleInput;
  ctx.print(await ctx.call('faults.add', params), (r) => `added ${r.id}: ${describeFault(r)}`);
}

const rows = (rules: FaultRuleDto[]) =>
  table(
    ['ID', 'KIND', 'DEVICE', 'LEFT', 'FIRED', 'WHAT'],
    rules.map((r) => [
      r.id,
      r.kind,
      r.device ?? '(every device)',
      r.remaining === null ? 'until removed' : String(r.remaining),
      String(r.fired),
      describeAction(r),
    ]),
    '(no fault rules)',
  );

/** `faults add|list|remove|clear`: fault injection rules (docs/operator-api.md `faults.*`). */
export const faultsCommand: Command = async (ctx) => {
  const sub = ctx.args.optPos();
  switch (sub) {
    case 'add':
      return add(ctx);
    case 'list':
      ctx.args.done();
      ctx.print(await ctx.call('faults.list', {}), rows);
      return;
    case 'remove': {
      const id = ctx.args.pos('<rule id>');
      ctx.args.done();
      ctx.print(await ctx.call('faults.remove', { id }), (r) => `removed ${r.id}`);
      return;
    }
    case 'clear':
      ctx.args.done();
      ctx.print(await ctx.call('faults.clear', {}), (r) => `removed ${String(r.removed)} rule(s)`);
      return;
    default:
      unknownSub('faults', sub, ['add', 'list', 'remove', 'clear']);
  }
};
