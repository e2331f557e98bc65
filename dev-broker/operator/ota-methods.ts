import type { OperatorParsedParams } from '../../src/protocol/operator-api.ts';
import type { OtaDeviceStatusDto } from '../../src/protocol/operator-ota-dto.ts';
import type { Hub } from '../platform/hub.ts';
import type { OtaTargetInput } from '../platform/ota-service.ts';
import type { OtaDeviceStatus } from '../platform/ota-status.ts';
import type { OtaTarget } from '../storage/ota-store.ts';

import { optionalDevice, resolveDevice, resolveProfile } from './device-ref.ts';
import type { MethodHandlers } from './method-types.ts';
import { otaAssignmentDto } from './ota-dto.ts';

type TargetParams = OperatorParsedParams<'ota.assign'>;

/** ota.list|get|delete|assign|unassign|status: packages and assignments (reference: OtaPackageController). */
export function otaMethods(
  hub: Hub,
): Pick<
  MethodHandlers,
  'ota.list' | 'ota.get' | 'ota.delete' | 'ota.assign' | 'ota.unassign' | 'ota.status'
> {
  return {
    'ota.list': (p) => hub.ota.list().filter((pkg) => p.type === undefined || pkg.type === p.type),
    'ota.get': (p) => {
      const pkg = hub.ota.get(p.packageId);
      const assignments = hub.ota.assignments({ packageId: pkg.id });
      return {
        ...pkg,
        assignments: assignments.map((a) => otaAssignmentDto(hub, a)),
      };
    },
    'ota.delete': async (p) => {
      const pkg = hub.ota.get(p.packageId);
      await hub.ota.delete(pkg.id);
      return { packageId: pkg.id, deleted: true };
    },
    'ota.assign': async (p) => {
      const pkg = hub.ota.get(p.packageId);
      const { input } = resolveTarget(hub, p);
      return otaAssignmentDto(hub, await hub.ota.assign(pkg.id, input));
    },
    'ota.unassign': async (p) => {
      const { input, target } = resolveTarget(hub, p);
      const unassigned = await hub.ota.unassign(p.type, input);
      const { target: dto } = otaAssignmentDto(hub, {
        target,
        type: p.type,
        packageId: '',
        assignedAt: 0,
      });
      return { type: p.type, target: dto, unassigned };
    },
    'ota.status': (p) => {
      const device = optionalDevice(hub, p);
      return hub.ota.status(device?.id).map(statusDto);
    },
  };
}

/** The device or profile the params name (exactly one, by the schema); NOT_FOUND when unknown. */
function resolveTarget(
  hub: Hub,
  p: Pick<TargetParams, 'deviceId' | 'deviceName' | 'profileId' | 'profileName'>,
): { input: OtaTargetInput; target: OtaTarget } {
  if (p.deviceId !== undefined || p.deviceName !== undefined) {
    const device = resolveDevice(hub, p);
    return { input: { deviceId: device.id }, target: { kind: 'device', id: device.id } };
  }
  const profile = resolveProfile(hub, p);
  return { input: { profileId: profile.id }, target: { kind: 'profile', id: profile.id } };
}

const statusDto = (s: OtaDeviceStatus): OtaDeviceStatusDto => ({
  deviceId: s.deviceId,
  deviceName: s.deviceName,
  firmware: { ...s.firmware },
  software: { ...s.software },
});
