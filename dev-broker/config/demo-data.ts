import type { Hub } from '../platform/hub.ts';
import type { DeviceCredentials } from '../storage/storage.ts';

export const DEMO_THERMOSTAT = 'demo-thermostat';
export const DEMO_PUMP = 'demo-pump';
export const DEMO_ENERGY_METER = 'demo-energy-meter';
export const DEMO_GPS_TRACKER = 'demo-gps-tracker';
export const DEMO_PROFILE = 'demo-fleet';

/** What a simulated demo device is (dev-broker/demo/). */
export type DemoDeviceKind = 'thermostat' | 'energy-meter' | 'gps-tracker' | 'pump';

/** A demo device and the credentials its simulator connects with. */
export interface DemoDevice {
  name: string;
  kind: DemoDeviceKind;
  credentials: DeviceCredentials;
}

export interface DemoInfo {
  thermostat: { name: string; credentials: DeviceCredentials };
  pump: { name: string; credentials: DeviceCredentials };
  profile: string;
  /** Every simulated device, in banner order. */
  devices: DemoDevice[];
}

/**
 * Demo data on first start (idempotent): a thermostat, an energy meter and a GPS tracker with generated
 * access tokens, a pump with basic credentials, and a profile that allows provisioning new devices.
 */
export async function seedDemo(hub: Hub): Promise<DemoInfo> {
  if (!hub.profiles.findByName(DEMO_PROFILE)) {
    await hub.profiles.create({
      name: DEMO_PROFILE,
      provisionType: 'ALLOW_CREATE_NEW_DEVICES',
      provisionKey: 'demo-provision-key',
      provisionSecret: 'demo-provision-secret',
    });
  }
  if (!hub.devices.find(DEMO_THERMOSTAT)) {
    const { device } = await hub.devices.create({ name: DEMO_THERMOSTAT, profile: DEMO_PROFILE });
    await hub.attributes.save(
      device.id,
      'SHARED',
      hub.attributes.toEntries({ targetTemp: 21.5, mode: 'eco' }),
    );
  }
  if (!hub.devices.find(DEMO_PUMP)) {
    await hub.devices.create({
      name: DEMO_PUMP,
      profile: DEMO_PROFILE,
      credentials: {
        type: 'MQTT_BASIC',
        clientId: 'demo-pump',
        userName: 'demo-pump',
        password: 'demo-pump-password',
      },
    });
  }
  for (const name of [DEMO_ENERGY_METER, DEMO_GPS_TRACKER]) {
    if (!hub.devices.find(name)) await hub.devices.create({ name, profile: DEMO_PROFILE });
  }
  const demoDevice = (name: string, kind: DemoDeviceKind): DemoDevice => ({
    name,
    kind,
    credentials: hub.devices.getCredentials(name),
  });
  return {
    thermostat: { name: DEMO_THERMOSTAT, credentials: hub.devices.getCredentials(DEMO_THERMOSTAT) },
    pump: { name: DEMO_PUMP, credentials: hub.devices.getCredentials(DEMO_PUMP) },
    profile: DEMO_PROFILE,
    devices: [
      demoDevice(DEMO_THERMOSTAT, 'thermostat'),
      demoDevice(DEMO_ENERGY_METER, 'energy-meter'),
      demoDevice(DEMO_GPS_TRACKER, 'gps-tracker'),
      demoDevice(DEMO_PUMP, 'pump'),
    ],
  };
}
