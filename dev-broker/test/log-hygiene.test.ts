import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';
import { escapeControl } from '../platform/logger.ts';

import { connectDevice, rawConnect } from './support/mqtt-client.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
const lines: string[] = [];
beforeAll(async () => {
  broker = await startTestBroker({ logLevel: 'info', logWrite: (line) => lines.push(line) });
});
afterAll(async () => {
  await broker.close();
});

/** Every log line starts with an ISO timestamp and a level; a forged one would not. */
const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO |WARN |ERROR) /;
const FORGED = '2030-01-01T00:00:00.000Z ERROR forged';

describe('escapeControl', () => {
  it('makes newline, CR, tab, ESC, DEL, C1 controls and the Unicode line separators visible', () => {
    expect(escapeControl('a\nb\rc\td\u001b[2Je\u007ff\u0085g\u2028h\u0000')).toBe(
      'a\\nb\\rc\\td\\x1b[2Je\\x7ff\\x85g\\u2028h\\x00',
    );
    expect(escapeControl('plain text, ünïcödé and "quotes" stay')).toBe(
      'plain text, ünïcödé and "quotes" stay',
    );
  });
});

describe('log injection (client ids, user names, topics)', () => {
  it('a refused CONNECT whose client id holds a newline writes one escaped line, in the log and the event', async () => {
    const clientId = `evil\n${FORGED}\u001b[2J`;
    await rawConnect(broker, 'tcp', 4, { clientId, username: 'no-such-token' }).result;
    const event = await eventually(() => {
      const found = broker.hub.events
        .list({ kinds: ['auth_failed'] })
        .find((e) => e.clientId?.startsWith('evil'));
      expect(found).toBeDefined();
      return found;
    });
    expect(event?.clientId).toBe(`evil\\n${FORGED}\\x1b[2J`);
    expect(event?.message.includes('\n') || event?.message.includes('\u001b')).toBe(false);
    expect(lines.every((l) => LINE.test(l) && !l.includes('\n'))).toBe(true);
    expect(lines.some((l) => l.includes(`evil\\n${FORGED}`))).toBe(true);
  });

  it('a topic with a newline (unknown topic) is escaped in the log and the event', async () => {
    const device = await connectDevice(broker, 'tcp', 4, { username: 'T1' });
    await device.publish(`v1/devices/me/x\r\n${FORGED}`, '{}');
    const event = await eventually(() => {
      const found = broker.hub.events
        .list({ kinds: ['unknown_topic'] })
        .find((e) => e.topic?.startsWith('v1/devices/me/x'));
      expect(found).toBeDefined();
      return found;
    });
    expect(event?.topic).toBe(`v1/devices/me/x\\r\\n${FORGED}`);
    expect(lines.every((l) => LINE.test(l) && !/[\r\n]/.test(l))).toBe(true);
    await device.end();
  });

  it('a wrong or rotated token sent with a password is masked in the log too', async () => {
    await rawConnect(broker, 'tcp', 4, {
      username: 'RotatedSecretToken42',
      password: 'whatever',
    }).result;
    await eventually(() => {
      expect(lines.some((l) => l.includes('username "Rot…" (20 characters)'))).toBe(true);
    });
    expect(lines.some((l) => l.includes('RotatedSecretToken42') || l.includes('whatever'))).toBe(
      false,
    );
  });
});
