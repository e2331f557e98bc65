import type {
  ClaimRegistrationDto,
  CustomerDto,
} from '../../../src/protocol/operator-claim-dto.ts';

import { UsageError } from './args.ts';
import { deviceRef, type Command } from './context.ts';
import { iso, table } from './format.ts';

/** `claim <device> --customer <name> [--secret <key>]`: claim.claim (spec §9). */
export const claimCommand: Command = async (ctx) => {
  const { args } = ctx;
  const ref = deviceRef(args.pos('<device>'));
  const customer = args.flag('customer');
  const secretKey = args.flag('secret');
  args.done();
  if (customer === undefined) throw new UsageError('claim needs --customer <name>');
  const result = await ctx.call('claim.claim', {
    ...ref,
    customer,
    ...(secretKey === undefined ? {} : { secretKey }),
  });
  ctx.print(
    result,
    (r) => `claimed ${r.device.name} for customer ${r.customer.name ?? '?'} (${r.customer.id})`,
  );
};

/** `reclaim <device>`: claim.reclaim. */
export const reclaimCommand: Command = async (ctx) => {
  const ref = deviceRef(ctx.args.pos('<device>'));
  ctx.args.done();
  ctx.print(await ctx.call('claim.reclaim', ref), (r) =>
    r.released
      ? `released ${r.device.name} from customer ${r.customer.name ?? r.customer.id}`
      : `${r.device.name} belongs to no customer; nothing to release`,
  );
};

const customerRows = (customers: CustomerDto[]) =>
  table(
    ['NAME', 'ID', 'DEVICES', 'CREATED'],
    customers.map((c) => [c.name, c.id, String(c.deviceCount), iso(c.createdAt)]),
    '(no customers)',
  );

/** `customers`: customers.list. */
export const customersCommand: Command = async (ctx) => {
  ctx.args.done();
  ctx.print(await ctx.call('customers.list', {}), customerRows);
};

const registrationRows = (registrations: ClaimRegistrationDto[]) =>
  table(
    ['DEVICE', 'REGISTERED', 'EXPIRES', 'STATE'],
    registrations.map((r) => [
      r.deviceName,
      iso(r.createdAt),
      iso(r.expiresAt),
      r.expired ? 'expired' : 'waiting',
    ]),
    '(no device waits to be claimed)',
  );

/** `registrations`: claim.registrations, every device that registered a claim secret. */
export const registrationsCommand: Command = async (ctx) => {
  ctx.args.done();
  ctx.print(await ctx.call('claim.registrations', {}), registrationRows);
};

/** The commands of this file, by name. */
export const claimCommands: Record<string, Command> = {
  claim: claimCommand,
  reclaim: reclaimCommand,
  customers: customersCommand,
  registrations: registrationsCommand,
};
