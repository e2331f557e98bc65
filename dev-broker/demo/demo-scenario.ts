import type { IClientOptions } from 'mqtt';

import { otaTelemetryKeys } from '../../src/protocol/codecs/firmware.ts';
import type { KvValue } from '../../src/protocol/kv.ts';
import type { OtaKind } from '../../src/protocol/topics.ts';
import type { DemoDevice, DemoDeviceKind, DemoInfo } from '../config/demo-data.ts';
import type { Hub } from '../platform/hub.ts';
import type { Logger } from '../platform/logger.ts';

import type { DeviceBehavior } from './device-behavior.ts';
import { createEnergyMeter } from './energy-meter.ts';
import type { FirmwareVersion } from './firmware-package.ts';
import { createGpsTracker } from './gps-tracker.ts';
import { createPump } from './pump.ts';
import { SimDevice } from './sim-device.ts';
import { createThermostat } from './thermostat.ts';

/** Options of the demo scenario (`startDevBroker({ demo: { … } })`). */
export interface DemoOptions {
  /**
   * Multiplies every period of the simulated devices (telemetry, firmware install time, reconnect
   * delays); 1, the default, is real time (thermostat every 2 s, meter 5 s, tracker 3 s, pump 4 s).
   */
  intervalScale?: number;
}

/** The running demo: simulated devices connected to the broker over MQTT. */
export interface DemoScenario {
  /** Simulated devices by name. */
  readonly devices: ReadonlyMap<string, SimDevice>;
  /** Disconnects every simulated device and cancels its timers. Idempotent. */
  stop(): Promise<void>;
}

export interface DemoScenarioInput {
  hub: Hub;
  demo: DemoInfo;
  /** The broker's own MQTT-over-TCP URL. */
  mqttUrl: string;
  log: Logger;
  options?: DemoOptions;
}

/** What the simulator connects with; undefined for credentials a simulator cannot use (X.509). */
function connectCredentials(
  device: DemoDevice,
): Pick<IClientOptions, 'clientId' | 'username' | 'password'> | undefined {
  const c = device.credentials;
  const fallbackId = `${device.name}-sim`;
  switch (c.type) {
    case 'ACCESS_TOKEN':
      return { clientId: fallbackId, username: c.token };
    case 'MQTT_BASIC':
      return {
        clientId: c.clientId ?? fallbackId,
        ...(c.userName === null ? {} : { username: c.userName }),
        ...(c.password === null ? {} : { password: c.password }),
      };
    case 'X509_CERTIFICATE':
      return undefined;
  }
}

const asText = (v: KvValue | undefined): string | undefined =>
  v?.type === 'STRING' ? v.value : undefined;
const asNumber = (v: KvValue | undefined): number | undefined =>
  v?.type === 'DOUBLE' ? v.value : v?.type === 'LONG' ? Number(v.value) : undefined;

/**
 * What the device had installed, from its last `current_fw_*` report: the simulators stand in for
 * devices that keep their firmware (and meter register) across a restart of the broker.
 */
function installed(hub: Hub, deviceId: string, kind: OtaKind): FirmwareVersion | null {
  const keys = otaTelemetryKeys(kind);
  const latest = new Map(
    hub.telemetry
      .latest(deviceId, [keys.currentTitle, keys.currentVersion])
      .map((p) => [p.key, p.value]),
  );
  const title = asText(latest.get(keys.currentTitle));
  const version = asText(latest.get(keys.currentVersion));
  return title === undefined || version === undefined ? null : { title, version };
}

function behaviorOf(kind: DemoDeviceKind, hub: Hub, deviceId: string): DeviceBehavior {
  switch (kind) {
    case 'thermostat':
      return createThermostat();
    case 'energy-meter':
      return createEnergyMeter(asNumber(hub.telemetry.latest(deviceId, ['energy'])[0]?.value) ?? 0);
    case 'gps-tracker':
      return createGpsTracker();
    case 'pump':
      return createPump();
  }
}

/**
 * Starts the demo: one simulated device per demo device, each a real MQTT.js client on the broker's
 * own TCP listener, so it goes through authentication, sessions and the device API like any device.
 * Call it once the listeners are up, and `stop()` before they close.
 */
export function startDemoScenario(input: DemoScenarioInput): DemoScenario {
  const { hub, demo, log } = input;
  const requested = input.options?.intervalScale ?? 1;
  const intervalScale = requested > 0 && Number.isFinite(requested) ? requested : 1;
  if (intervalScale !== requested)
    log.warn(`demo: intervalScale ${String(requested)} is not a positive number; using 1`);
  const devices = new Map<string, SimDevice>();
  for (const device of demo.devices) {
    const credentials = connectCredentials(device);
    const record = hub.devices.find(device.name);
    if (!credentials || !record) {
      log.warn(
        `demo ${device.name}: not simulated (${record ? 'X.509 credentials' : 'device missing'})`,
      );
      continue;
    }
    const sim = new SimDevice({
      name: device.name,
      behavior: behaviorOf(device.kind, hub, record.id),
      url: input.mqttUrl,
      credentials,
      intervalScale,
      firmware: installed(hub, record.id, 'fw'),
      software: installed(hub, record.id, 'sw'),
      factoryVersion: '1.0.0',
      heldElsewhere: () => hub.sessions.isOnline(record.id),
      log,
    });
    devices.set(device.name, sim);
    sim.start();
  }
  log.info(
    `demo: ${String(devices.size)} simulated devices connecting (${[...devices.keys()].join(', ')})`,
  );
  let stopping: Promise<void> | null = null;
  return {
    devices,
    stop() {
      stopping ??= Promise.all([...devices.values()].map((d) => d.stop())).then(() => undefined);
      return stopping;
    },
  };
}
