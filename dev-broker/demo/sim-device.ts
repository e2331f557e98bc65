import type { IClientOptions, MqttClient } from 'mqtt';

import { mqttPort } from '../../src/client/adapters/mqtt-node.ts';
import { DeviceClient } from '../../src/client/device-client.ts';
import type { RpcRequestEvent } from '../../src/client/device-events.ts';
import type { Logger } from '../platform/logger.ts';

import { answerRpc, type DeviceBehavior } from './device-behavior.ts';
import type { FirmwareVersion } from './firmware-package.ts';
import { FirmwareUpdater } from './firmware-updater.ts';
import { encodeReadings, type Readings } from './readings.ts';
import { SimConnection } from './sim-connection.ts';

export interface SimDeviceOptions {
  /** The device's name (for logs). */
  name: string;
  behavior: DeviceBehavior;
  url: string;
  credentials: Pick<IClientOptions, 'clientId' | 'username' | 'password'>;
  /** Multiplies every period (telemetry, install time, retry delays); 1 is real time. */
  intervalScale: number;
  /** Installed packages at start (a real device remembers them across restarts). */
  firmware: FirmwareVersion | null;
  software: FirmwareVersion | null;
  /** Reported as `firmwareVersion` when no firmware package was ever installed. */
  factoryVersion: string;
  heldElsewhere: () => boolean;
  log: Logger;
}

/**
 * A simulated device speaking the device API over real MQTT (spec §2-§7, §11) through the typed
 * device client (src/client, one per connection): it subscribes to shared attribute pushes, attribute
 * responses, RPC requests and OTA chunks; on every connect it reports its client attributes and asks
 * for the shared attributes it follows; then it publishes telemetry on a timer, answers RPCs through
 * its behavior and installs firmware and software with `FirmwareUpdater`.
 */
export class SimDevice {
  readonly #connection: SimConnection;
  readonly #updaters: FirmwareUpdater[];
  #device: DeviceClient | null = null;
  #ticker: NodeJS.Timeout | null = null;
  #lastSample = 0;
  #attrRequestId = 0;

  constructor(private readonly o: SimDeviceOptions) {
    const scale = o.intervalScale;
    const device = () => this.#device;
    const common = { device, label: o.name, log: o.log, installMs: Math.max(10, 1000 * scale) };
    this.#updaters = [
      new FirmwareUpdater({
        ...common,
        kind: 'fw',
        current: o.firmware,
        onUpdated: (fw) => {
          void this.#publishAttributes({ firmwareVersion: fw.version });
        },
      }),
      new FirmwareUpdater({ ...common, kind: 'sw', current: o.software }),
    ];
    this.#connection = new SimConnection({
      url: o.url,
      credentials: o.credentials,
      label: o.name,
      log: o.log,
      heldElsewhere: o.heldElsewhere,
      baseDelayMs: Math.max(50, 1000 * scale),
      yieldPollMs: Math.max(50, 5000 * scale),
      onUp: (client) => void this.#up(client),
      onDown: () => this.#down(),
    });
  }

  /** Installed firmware, as reported in `current_fw_*`. */
  get firmware(): FirmwareVersion | null {
    return this.#updaters[0]?.current ?? null;
  }

  start(): void {
    this.#connection.start();
  }

  /** Stops publishing and closes the connection. */
  async stop(): Promise<void> {
    this.#down();
    await this.#connection.stop();
  }

  async #up(client: MqttClient): Promise<void> {
    const device = new DeviceClient(mqttPort(client), {
      family: 'v1',
      nextRequestId: () => ++this.#attrRequestId,
    });
    this.#device = device;
    device.on('sharedAttributes', ({ change }) => {
      if (change.kind === 'deleted') for (const u of this.#updaters) u.applyDeleted(change.keys);
      else this.#shared(change.values, true);
    });
    const b = this.o.behavior;
    try {
      await device.subscribe({
        sharedAttributes: true,
        attributeResponses: true,
        rpc: true,
        ota: ['fw', 'sw'],
      });
      device.onRpc('*', (request) => this.#rpc(request));
      await this.#publishAttributes({
        model: b.model,
        firmwareVersion: this.firmware?.version ?? this.o.factoryVersion,
        ...b.clientAttributes(),
      });
    } catch (error) {
      this.o.log.debug(`demo ${this.o.name}: setup interrupted (${(error as Error).message})`);
      return;
    }
    // ThingsBoard: v1/devices/me/attributes/request/{id} with {"sharedKeys":"k1,k2"} (spec §6.2)
    const sharedKeys = [...b.sharedKeys, ...this.#updaters.flatMap((u) => u.attributeKeys())];
    device.requestAttributes({ sharedKeys }).then(
      (answer) => {
        this.#shared(answer.shared ?? {}, false);
      },
      () => {
        // asked again on the next connect
      },
    );
    if (this.#device !== device) return;
    this.#lastSample = Date.now();
    this.#tick(0);
    this.#ticker = setInterval(
      () => {
        const now = Date.now();
        this.#tick(now - this.#lastSample);
        this.#lastSample = now;
      },
      Math.max(20, b.intervalMs * this.o.intervalScale),
    );
    this.#ticker.unref();
  }

  #down(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = null;
    for (const updater of this.#updaters) updater.abort();
    this.#device?.dispose('The connection closed.');
    this.#device = null;
  }

  #tick(dtMs: number): void {
    const device = this.#device;
    device?.sendTelemetry(encodeReadings(this.o.behavior.sample(dtMs))).catch(() => {
      // dropped with the connection; the next sample follows the reconnect
    });
  }

  #shared(values: Readonly<Record<string, unknown>>, pushed: boolean): void {
    const changed = this.o.behavior.applyShared?.(values);
    if (changed) void this.#publishAttributes(changed);
    for (const updater of this.#updaters) updater.applyShared(values, pushed);
  }

  /** spec §7: client attributes the call changed go first, then the reply on the request's id. */
  async #rpc(request: RpcRequestEvent): Promise<unknown> {
    const answer = answerRpc(this.o.behavior, request.method, request.params);
    if (answer.attributes) await this.#publishAttributes(answer.attributes);
    return answer.reply;
  }

  async #publishAttributes(attributes: Readings): Promise<void> {
    try {
      await this.#device?.sendAttributes(encodeReadings(attributes));
    } catch {
      // reported again on the next connect
    }
  }
}
