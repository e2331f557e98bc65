import { outboundTopic } from '../../src/protocol/topics.ts';

import type { RawDevice } from './raw-device.ts';

/** What a publish got: a PUBACK code, or nothing; whether the broker then closed (and with which DISCONNECT). */
export interface Outcome {
  code: number | null;
  closed: boolean;
  disconnect: number | null;
}

/** Publishes at QoS 1 and waits for the PUBACK or the close (5 s), then 300 ms more for a close. */
export async function publishAndWatch(
  device: RawDevice,
  topic: string,
  payload: string,
): Promise<Outcome> {
  const ack = await Promise.race([
    device.publish(topic, payload).then(
      (a) => a.reasonCode,
      () => null,
    ),
    new Promise<null>((r) => setTimeout(() => r(null), 5000)),
  ]);
  await Promise.race([device.closed, new Promise((r) => setTimeout(r, 300))]);
  return { code: ack, closed: device.isClosed, disconnect: device.disconnectReason };
}

const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;
export const describe = (o: Outcome) =>
  `${o.code === null ? 'no PUBACK' : `PUBACK ${hex(o.code)}`}${o.closed ? `, closed${o.disconnect === null ? '' : ` (DISCONNECT ${hex(o.disconnect)})`}` : ', open'}`;

/** A QoS 1 publish of the good device is acknowledged with 0x00 within 2 s. */
export async function healthy(good: RawDevice): Promise<boolean> {
  const ack = await Promise.race([
    good.publish(outboundTopic.telemetry(), '{"alive":1}').then(
      (a) => a.reasonCode,
      () => -1,
    ),
    new Promise<number>((r) => setTimeout(() => r(-2), 2000)),
  ]);
  return ack === 0;
}
