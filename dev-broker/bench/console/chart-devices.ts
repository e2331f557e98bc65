import mqtt, { type MqttClient } from 'mqtt';

import { DEVICE_TOPICS } from '../../../src/protocol/topics.ts';

/** The numeric keys each device publishes, in order (`--charts-keys` takes the first n, then key6…). */
const KEY_NAMES = ['temperature', 'humidity', 'pressure', 'voltage', 'rpm'];

export const chartKeys = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => KEY_NAMES[i] ?? `key${String(i + 1)}`);

/** Devices publishing telemetry at a fixed rate: one `{ts, values}` message of every key per tick. */
export interface ChartDevices {
  /** Messages published (PUBACKed or not). */
  published: () => number;
  /** Messages whose PUBACK came back. */
  acked: () => number;
  /** Starts publishing every device at `hz` messages a second. */
  start(hz: number): void;
  /** Stops publishing (what is in flight still completes). */
  stop(): void;
  close(): Promise<void>;
}

/** Connects one MQTT.js client per token (MQTT 3.1.1 over TCP), each a device of the broker. */
export async function connectChartDevices(
  url: string,
  tokens: readonly string[],
  keys: readonly string[],
): Promise<ChartDevices> {
  const clients: MqttClient[] = await Promise.all(
    tokens.map((username) =>
      mqtt.connectAsync(url, { protocolVersion: 4, username, reconnectPeriod: 0 }),
    ),
  );
  let published = 0;
  let acked = 0;
  let timer: NodeJS.Timeout | undefined;
  let seq = 0;
  const tick = (): void => {
    seq += 1;
    const ts = Date.now();
    clients.forEach((client, d) => {
      const values = Object.fromEntries(
        keys.map((key, k) => [
          key,
          Number((50 + 40 * Math.sin((seq + d * 7 + k * 13) / 20)).toFixed(2)),
        ]),
      );
      published += 1;
      client.publish(
        DEVICE_TOPICS.telemetry,
        JSON.stringify({ ts, values }),
        { qos: 1 },
        (error) => {
          if (!error) acked += 1;
        },
      );
    });
  };
  return {
    published: () => published,
    acked: () => acked,
    start(hz) {
      clearInterval(timer);
      // Drift-free: publish every tick due by now, so a busy event loop does not lower the rate.
      const from = performance.now();
      const done = seq;
      timer = setInterval(
        () => {
          const due = done + Math.floor(((performance.now() - from) / 1000) * hz);
          while (seq < due) tick();
        },
        1000 / hz / 2,
      );
    },
    stop() {
      clearInterval(timer);
    },
    async close() {
      clearInterval(timer);
      await Promise.all(clients.map((c) => c.endAsync()));
    },
  };
}
