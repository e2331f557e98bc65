import { connect } from 'node:net';

import mqttPacket from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { settingsSchema, type SettingsInput } from '../config/settings.ts';
import type { DevBroker } from '../main.ts';
import { EventsService } from '../platform/events-service.ts';
import { createLogger } from '../platform/logger.ts';
import { REFUSAL_WINDOW_MS, RefusedConnectLog, hostOf } from '../platform/refused-connects.ts';
import { createMemoryStorage } from '../storage/memory-storage.ts';

import { eventually, startTestBroker } from './support/test-broker.ts';

const eventsService = (settings: SettingsInput = {}) => {
  const parsed = settingsSchema.parse(settings);
  return new EventsService(createMemoryStorage(), createLogger('silent'), () => parsed);
};

describe('event retention (events.maxAgeMs, events.maxCount)', () => {
  it('keeps at most maxCount (+1,000 between runs) and drops events older than maxAgeMs', async () => {
    const events = eventsService({ events: { maxCount: 100, maxAgeMs: 60_000 } });
    for (let i = 0; i < 2500; i++) events.record({ kind: 'dropped', message: `m${String(i)}` });
    await events.prune();
    const left = events.list({ limit: 10_000 });
    expect(left).toHaveLength(100);
    expect(left[0]?.message).toBe('m2499');
    events.dispose();
  });

  it('a long client id or topic is clipped, so a row stays small', () => {
    const events = eventsService();
    const event = events.record({
      kind: 'auth_failed',
      clientId: 'c'.repeat(65_000),
      message: 'm'.repeat(65_000),
    });
    expect(event.clientId?.length).toBeLessThan(300);
    expect(event.clientId).toMatch(/… \(65000 characters\)$/);
    expect(event.message.length).toBeLessThan(2100);
    events.dispose();
  });
});

describe('refused CONNECTs are recorded at a bounded rate per address', () => {
  it('hostOf strips the port of IPv4 and IPv6 socket addresses', () => {
    expect(hostOf('127.0.0.1:50000')).toBe('127.0.0.1');
    expect(hostOf('::ffff:10.0.0.2:1883')).toBe('::ffff:10.0.0.2');
    expect(hostOf('?')).toBe('?');
  });

  it('records the first N of a 10 s window one by one and sums up the rest in one event', () => {
    const events = eventsService();
    const log = new RefusedConnectLog(events, () => 10);
    const t0 = 1_000_000;
    const admitted = Array.from({ length: 322 }, (_, i) => log.admit('10.1.1.1', t0 + i));
    expect(admitted.filter(Boolean)).toHaveLength(10);
    expect(log.admit('10.2.2.2', t0)).toBe(true); // another address has its own window
    log.flush(false, t0 + REFUSAL_WINDOW_MS - 1);
    expect(events.list()).toEqual([]);
    log.flush(false, t0 + REFUSAL_WINDOW_MS);
    const [summary] = events.list();
    expect(summary?.message).toMatch(
      /^… 312 more refused CONNECTs from 10\.1\.1\.1 in the last 10 s/,
    );
    expect(events.list()).toHaveLength(1);
    expect(log.admit('10.1.1.1', t0 + REFUSAL_WINDOW_MS + 1)).toBe(true); // a new window
    log.dispose();
    events.dispose();
  });
});

describe('a flood of wrong CONNECTs over real sockets', () => {
  let broker: DevBroker;
  const lines: string[] = [];
  beforeAll(async () => {
    broker = await startTestBroker({ logLevel: 'info', logWrite: (l) => lines.push(l) });
  });
  afterAll(async () => {
    await broker.close();
  });

  it('300 refused CONNECTs from one address write at most 10 events and log lines', async () => {
    const port = Number(new URL(broker.mqttUrl).port);
    const connectPacket = mqttPacket.generate({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clean: true,
      keepalive: 0,
      clientId: 'flood',
      username: 'wrong-token-000',
    });
    const closed: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      const socket = connect(port, '127.0.0.1', () => socket.write(connectPacket));
      socket.on('error', () => undefined);
      socket.resume(); // read the CONNACK, so that the close is seen
      closed.push(new Promise((resolve) => socket.once('close', () => resolve())));
    }
    await Promise.all(closed);
    const refused = await eventually(() => {
      const found = broker.hub.events.list({ kinds: ['auth_failed'], limit: 1000 });
      expect(found.length).toBeGreaterThan(0);
      return found;
    });
    expect(refused.length).toBeLessThanOrEqual(10);
    expect(lines.filter((l) => l.includes('event auth_failed')).length).toBeLessThanOrEqual(10);
    broker.hub.connections.dispose(); // ends the window now: the summary is written
    const [summary] = broker.hub.events.list({ kinds: ['auth_failed'], limit: 1 });
    expect(summary?.message).toMatch(/^… 290 more refused CONNECTs from 127\.0\.0\.1 in the last/);
  });
});
