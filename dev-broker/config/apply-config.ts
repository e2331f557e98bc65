import type { Hub } from '../platform/hub.ts';
import type { DeviceCredentials } from '../storage/storage.ts';

import type { ConfigFile, DeviceDecl } from './config-file.ts';

/** Creates the declared profiles and devices that do not exist yet (idempotent). */
export async function applyConfig(hub: Hub, config: ConfigFile): Promise<void> {
  for (const p of config.profiles) {
    if (hub.profiles.findByName(p.name)) continue;
    // undefined schemas get the reference's defaults (spec §2.3)
    await hub.profiles.create({
      ...p,
      provisionKey: p.provisionKey ?? null,
      provisionSecret: p.provisionSecret ?? null,
    });
  }
  for (const d of config.devices) await ensureDevice(hub, d);
}

async function ensureDevice(hub: Hub, d: DeviceDecl): Promise<void> {
  if (hub.devices.find(d.name)) return;
  if (!hub.profiles.findByName(d.profile)) await hub.profiles.create({ name: d.profile });
  const { device } = await hub.devices.create({
    name: d.name,
    profile: d.profile,
    gateway: d.gateway,
    ...(d.credentials ? { credentials: toCredentials(d.credentials) } : {}),
  });
  if (d.shared) await hub.attributes.save(device.id, 'SHARED', hub.attributes.toEntries(d.shared));
  if (d.server) await hub.attributes.save(device.id, 'SERVER', hub.attributes.toEntries(d.server));
}

function toCredentials(c: NonNullable<DeviceDecl['credentials']>): DeviceCredentials {
  if (c.type === 'ACCESS_TOKEN') return { type: 'ACCESS_TOKEN', token: c.token };
  return {
    type: 'MQTT_BASIC',
    clientId: c.clientId ?? null,
    userName: c.userName ?? null,
    password: c.password ?? null,
  };
}
