import type {
  ClaimErrorDetails,
  ClaimFailureReason,
  ClaimRegistrationDto,
  CustomerDto,
} from '../../src/protocol/operator-claim-dto.ts';
import { HubError } from '../platform/errors.ts';
import type { Hub } from '../platform/hub.ts';
import type { ClaimRecord } from '../storage/claim-records.ts';
import type { DeviceRecord } from '../storage/storage.ts';

import { resolveDevice } from './device-ref.ts';
import { deviceDto } from './dto.ts';
import type { MethodHandlers } from './method-types.ts';

/** claim.claim|reclaim|registrations and customers.list: claiming devices for customers (spec §9). */
export function claimMethods(
  hub: Hub,
): Pick<
  MethodHandlers,
  'claim.claim' | 'claim.reclaim' | 'claim.registrations' | 'customers.list'
> {
  const view = (id: string) => deviceDto(hub.devices.view(hub.devices.get(id)));
  return {
    'claim.claim': async (p) => {
      const device = resolveDevice(hub, p);
      // the claim removes the registration it used: read it first to say why a claim failed
      const registration = hub.claims.registration(device.name);
      const now = Date.now();
      const result = await hub.claims.claim(device.name, p.secretKey, p.customer);
      const after = hub.devices.get(device.id);
      if (result === 'SUCCESS') {
        const customerId = after.customerId ?? '';
        const customer = {
          id: customerId,
          name: hub.claims.findCustomer(customerId)?.name ?? null,
        };
        return { result, device: view(device.id), customer };
      }
      if (result === 'CLAIMED') throw claimedError(hub, after);
      throw failureError(device, registration, now);
    },
    'claim.reclaim': async (p) => {
      const device = resolveDevice(hub, p);
      const outcome = await hub.claims.reclaim(device.name);
      if (!outcome.released) return { released: false, device: view(device.id) };
      const customer = { id: outcome.customerId, name: outcome.customerName };
      return { released: true, device: view(device.id), customer };
    },
    // Every registration the broker stores, not only those made while an operator watched events.
    'claim.registrations': () => {
      const now = Date.now();
      return hub.claims.listRegistrations().map(({ record, device }): ClaimRegistrationDto => ({
        deviceId: device.id,
        deviceName: device.name,
        createdAt: record.createdAt,
        expiresAt: record.expiresAt,
        expired: now > record.expiresAt,
      }));
    },
    'customers.list': () => {
      const counts = new Map<string, number>();
      for (const d of hub.devices.list({ limit: Number.MAX_SAFE_INTEGER }).items) {
        if (d.customerId !== null) counts.set(d.customerId, (counts.get(d.customerId) ?? 0) + 1);
      }
      return hub.claims.listCustomers().map((c): CustomerDto => ({
        id: c.id,
        name: c.name,
        createdAt: c.createdAt,
        deviceCount: counts.get(c.id) ?? 0,
      }));
    },
  };
}

/** CLAIMED: the device already belongs to a customer. */
function claimedError(hub: Hub, device: DeviceRecord): HubError {
  const customerName =
    device.customerId === null ? null : (hub.claims.findCustomer(device.customerId)?.name ?? null);
  const details: ClaimErrorDetails = {
    result: 'CLAIMED',
    customerId: device.customerId,
    customerName,
  };
  const owner = customerName === null ? 'a customer' : `customer ${customerName}`;
  return new HubError(
    'FAILED_PRECONDITION',
    `CLAIMED: device ${device.name} already belongs to ${owner}; reclaim it first`,
    details,
  );
}

/** FAILURE (spec §9): no registration, an expired one, or a secret that does not match it. */
function failureError(
  device: DeviceRecord,
  registration: ClaimRecord | undefined,
  now: number,
): HubError {
  let reason: ClaimFailureReason;
  let why: string;
  if (registration === undefined) {
    reason = 'NO_REGISTRATION';
    why = `device ${device.name} has no claim registration: it must publish {"secretKey":…} to v1/devices/me/claim (or its gateway to v1/gateway/claim) first`;
  } else if (now > registration.expiresAt) {
    reason = 'EXPIRED';
    why = `the claim registration of ${device.name} expired at ${new Date(registration.expiresAt).toISOString()}`;
  } else {
    reason = 'SECRET_MISMATCH';
    why = `the secretKey does not match the one device ${device.name} registered`;
  }
  const removed =
    registration === undefined
      ? ''
      : '; the registration was removed, the device must register again';
  const details: ClaimErrorDetails = { result: 'FAILURE', reason };
  return new HubError('FAILED_PRECONDITION', `FAILURE: ${why}${removed}`, details);
}
