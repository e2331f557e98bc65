import type { IClientOptions, MqttClient } from 'mqtt';

import { decodeAttributeResponse, decodeSharedPush } from '../../src/protocol/codecs/attributes.ts';
import {
  filterMatches,
  outboundTopic,
  parseIdSegment,
  responseFilter,
} from '../../src/protocol/topics.ts';
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

const V1 = 'v1';

/**
 * A simulated device speaking the device API over real MQTT (spec §2-§7, §11): it subscribes to shared
 * attribute pushes, attribute responses, RPC requests and OTA chunks; on every connect it reports its
 * client attributes and asks for the shared attributes it follows; then it publishes telemetry on a
 * timer, answers RPCs through its behavior and installs firmware and software with `FirmwareUpdater`.
 */
export class SimDevice {
  readonly #connection: SimConnection;
  readonly #updaters: FirmwareUpdater[];
  #ticker: NodeJS.Timeout | null = null;
  #lastSample = 0;
  #attrRequestId = 0;

  constructor(private readonly o: SimDeviceOptions) {
    const scale = o.intervalScale;
    const io = { publish: (topic: string, payload: string) => this.#publish(topic, payload) };
    const common = { io, label: o.name, log: o.log, installMs: Math.max(10, 1000 * scale) };
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
      onMessage: (topic, payload) => this.#message(topic, payload),
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
    const filters = [
      outboundTopic.attributesPush(V1),
      responseFilter.attributes(V1),
      responseFilter.rpcRequest(V1),
      ...this.#updaters.flatMap((u) => u.filters()),
    ];
    try {
      await client.subscribeAsync(filters, { qos: 1 });
      const b = this.o.behavior;
      await this.#publishAttributes({
        model: b.model,
        firmwareVersion: this.firmware?.version ?? this.o.factoryVersion,
        ...b.clientAttributes(),
      });
      const sharedKeys = [...b.sharedKeys, ...this.#updaters.flatMap((u) => u.attributeKeys())];
      // ThingsBoard: v1/devices/me/attributes/request/{id} with {"sharedKeys":"k1,k2"} (spec §6.2)
      await this.#publish(
        outboundTopic.attributesRequest(V1, ++this.#attrRequestId),
        JSON.stringify({ sharedKeys: sharedKeys.join(',') }),
      );
    } catch (error) {
      this.o.log.debug(`demo ${this.o.name}: setup interrupted (${(error as Error).message})`);
      return;
    }
    if (this.#connection.client !== client) return;
    this.#lastSample = Date.now();
    this.#tick(0);
    this.#ticker = setInterval(
      () => {
        const now = Date.now();
        this.#tick(now - this.#lastSample);
        this.#lastSample = now;
      },
      Math.max(20, this.o.behavior.intervalMs * this.o.intervalScale),
    );
    this.#ticker.unref();
  }

  #down(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = null;
    for (const updater of this.#updaters) updater.abort();
  }

  #tick(dtMs: number): void {
    this.#publish(outboundTopic.telemetry(V1), encodeReadings(this.o.behavior.sample(dtMs))).catch(
      () => {
        // dropped with the connection; the next sample follows the reconnect
      },
    );
  }

  #message(topic: string, payload: Buffer): void {
    const text = payload.toString('utf8');
    if (topic === outboundTopic.attributesPush(V1)) {
      const push = decodeSharedPush(text);
      if (!push.ok) return;
      if (push.value.kind === 'deleted')
        for (const u of this.#updaters) u.applyDeleted(push.value.keys);
      else this.#shared(push.value.values, true);
    } else if (filterMatches(responseFilter.attributes(V1), topic)) {
      const response = decodeAttributeResponse(text);
      if (response.ok) this.#shared(response.value.shared ?? {}, false);
    } else if (filterMatches(responseFilter.rpcRequest(V1), topic)) {
      const id = parseIdSegment(topic.slice(topic.lastIndexOf('/') + 1));
      if (id !== undefined) void this.#rpc(id, text);
    } else {
      for (const updater of this.#updaters) if (updater.handle(topic, payload)) return;
    }
  }

  #shared(values: Readonly<Record<string, unknown>>, pushed: boolean): void {
    const changed = this.o.behavior.applyShared?.(values);
    if (changed) void this.#publishAttributes(changed);
    for (const updater of this.#updaters) updater.applyShared(values, pushed);
  }

  /** spec §7: the reply goes to `v1/devices/me/rpc/response/{id}` with the request's id. */
  async #rpc(id: number, text: string): Promise<void> {
    const answer = answerRpc(this.o.behavior, text);
    try {
      if (answer.attributes) await this.#publishAttributes(answer.attributes);
      await this.#publish(outboundTopic.rpcResponse(V1, id), JSON.stringify(answer.reply));
    } catch {
      // the connection dropped before the reply: the platform times the call out
    }
  }

  async #publishAttributes(attributes: Readings): Promise<void> {
    try {
      await this.#publish(outboundTopic.clientAttributes(V1), encodeReadings(attributes));
    } catch {
      // reported again on the next connect
    }
  }

  async #publish(topic: string, payload: string): Promise<void> {
    const client = this.#connection.client;
    if (!client) throw new Error('not connected');
    await client.publishAsync(topic, payload, { qos: 1 });
  }
}
