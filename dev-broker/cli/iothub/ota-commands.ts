import type {
  OtaDeviceStatusDto,
  OtaPackageDto,
  OtaProgressDto,
  OtaTargetDto,
} from '../../../src/protocol/operator-ota-dto.ts';
import { UsageError } from '../command-line.ts';

import { deviceRef, profileRef, unknownSub, type Command, type CommandContext } from './context.ts';
import { bytes, iso, keyValues, table } from './format.ts';
import { typeFlag, uploadCommand } from './ota-upload.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const packageRows = (packages: OtaPackageDto[]) =>
  table(
    ['TITLE', 'VERSION', 'TYPE', 'SIZE', 'CHECKSUM', 'ID', 'CREATED'],
    packages.map((p) => [
      p.title,
      p.version,
      p.type,
      p.url ?? bytes(p.size),
      p.checksum === null ? '-' : `${p.checksumAlgorithm ?? '?'} ${p.checksum.slice(0, 16)}…`,
      p.id,
      iso(p.createdAt),
    ]),
    '(no packages)',
  );

const target = (t: OtaTargetDto) => `${t.kind} ${t.name ?? t.id}`;

const progress = (p: OtaProgressDto) => [
  p.state ?? '-',
  p.currentVersion === null ? '-' : `${p.currentTitle ?? '?'} ${p.currentVersion}`,
  p.targetVersion === null ? '-' : `${p.targetTitle ?? '?'} ${p.targetVersion}`,
];

const statusRows = (list: OtaDeviceStatusDto[]) =>
  table(
    ['DEVICE', 'FW STATE', 'FW CURRENT', 'FW TARGET', 'SW STATE', 'SW CURRENT', 'SW TARGET'],
    list.map((s) => [s.deviceName, ...progress(s.firmware), ...progress(s.software)]),
    '(no device has an OTA assignment or OTA telemetry)',
  );

/**
 * A package argument: its id, or `title@version`, or a title that names one package only. Resolved
 * with ota.list; an unknown one is an error naming the packages there are.
 */
async function packageId(ctx: CommandContext, value: string): Promise<string> {
  if (UUID.test(value)) return value;
  const at = value.lastIndexOf('@');
  const [title, version] = at > 0 ? [value.slice(0, at), value.slice(at + 1)] : [value, undefined];
  const all = await ctx.call('ota.list', {});
  const found = all.filter(
    (p) => p.title === title && (version === undefined || p.version === version),
  );
  if (found.length === 1 && found[0]) return found[0].id;
  const known = all.map((p) => `${p.title}@${p.version}`).join(', ') || 'none';
  if (found.length > 1)
    throw new Error(
      `${value} names ${String(found.length)} packages; use title@version or the id (packages: ${known})`,
    );
  throw new Error(`no OTA package ${value} (packages: ${known})`);
}

/** `--device D` or `--profile P`, exactly one. */
function targetFlags(ctx: CommandContext) {
  const device = ctx.args.flag('device');
  const profile = ctx.args.flag('profile');
  if ((device === undefined) === (profile === undefined))
    throw new UsageError('give either --device <device> or --profile <profile>');
  return device === undefined ? profileRef(profile ?? '') : deviceRef(device);
}

/** `ota list|get|delete|upload|assign|unassign|status` */
export const otaCommand: Command = async (ctx) => {
  const { args } = ctx;
  const sub = args.optPos();
  switch (sub) {
    case 'list': {
      const type = typeFlag(ctx);
      args.done();
      const params = type === undefined ? {} : { type };
      ctx.print(await ctx.call('ota.list', params), packageRows);
      return;
    }
    case 'get':
    case 'delete': {
      const ref = args.pos('<package>');
      args.done();
      const id = await packageId(ctx, ref);
      if (sub === 'delete') {
        ctx.print(
          await ctx.call('ota.delete', { packageId: id }),
          (r) => `deleted package ${r.packageId}`,
        );
        return;
      }
      ctx.print(
        await ctx.call('ota.get', { packageId: id }),
        ({ assignments, ...pkg }) =>
          `${keyValues(pkg)}\nassigned to: ${assignments.map((a) => target(a.target)).join(', ') || '-'}`,
      );
      return;
    }
    case 'upload':
      return uploadCommand(ctx);
    case 'assign': {
      const ref = args.pos('<package>');
      const to = targetFlags(ctx);
      args.done();
      const a = await ctx.call('ota.assign', { packageId: await packageId(ctx, ref), ...to });
      ctx.print(a, (r) => `assigned ${r.type} package ${r.packageId} to ${target(r.target)}`);
      return;
    }
    case 'unassign': {
      const from = targetFlags(ctx);
      const type = typeFlag(ctx) ?? 'FIRMWARE';
      args.done();
      ctx.print(await ctx.call('ota.unassign', { type, ...from }), (r) =>
        r.unassigned
          ? `unassigned ${r.type} from ${target(r.target)}`
          : `${target(r.target)} had no ${r.type} assignment of its own`,
      );
      return;
    }
    case 'status': {
      const device = args.optPos();
      args.done();
      const params = device === undefined ? {} : deviceRef(device);
      ctx.print(await ctx.call('ota.status', params), statusRows);
      return;
    }
    default:
      return unknownSub('ota', sub, [
        'list',
        'get',
        'delete',
        'upload',
        'assign',
        'unassign',
        'status',
      ]);
  }
};
