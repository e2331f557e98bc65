import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../../main.ts';
import { startTestBroker } from '../../test/support/test-broker.ts';
import { parsePhaseOptions, PHASES } from '../phase-options.ts';

import { measureRoundTrips } from './measure-round-trips.ts';
import { connectOperatorCaller, type OperatorCaller } from './operator-caller.ts';
import { startRpcResponder, type RpcResponder } from './rpc-responder.ts';

let broker: DevBroker;
let caller: OperatorCaller;
let responder: RpcResponder;

beforeAll(async () => {
  broker = await startTestBroker({
    config: {
      devices: [
        { name: 'rtt-device', credentials: { type: 'ACCESS_TOKEN', token: 'rtt-token' } },
        { name: 'rtt-silent', credentials: { type: 'ACCESS_TOKEN', token: 'rtt-silent-token' } },
      ],
      settings: { rpc: { minTimeoutMs: 50 } },
    },
  });
  responder = await startRpcResponder(broker.mqttUrl, 'rtt-token');
  caller = await connectOperatorCaller(broker.mqttUrl, broker.admin.password);
});

afterAll(async () => {
  await caller.close();
  await responder.close();
  await broker.close();
});

describe('operator RPC round-trip bench', () => {
  it('times every call through the real broker and device and returns ordered percentiles', async () => {
    const stats = await measureRoundTrips(caller, 'rtt-device', { warmup: 3, calls: 25 });
    expect(stats).toMatchObject({ count: 25, failed: 0, cutShort: false, firstError: null });
    expect(responder.answered()).toBe(28);
    expect(stats.p50).toBeGreaterThan(0);
    expect(stats.p50).toBeLessThanOrEqual(stats.p90);
    expect(stats.p90).toBeLessThanOrEqual(stats.p99);
    expect(stats.p99).toBeLessThanOrEqual(stats.max);
    expect(stats.mean).toBeLessThanOrEqual(stats.max);
  });

  it('counts calls the device never answers as failures, not as samples', async () => {
    const silent = await startRpcResponder(broker.mqttUrl, 'rtt-silent-token');
    await silent.close(); // offline: the broker cannot deliver the request
    const stats = await measureRoundTrips(caller, 'rtt-silent', {
      warmup: 0,
      calls: 2,
      timeoutMs: 60,
    });
    expect(stats.count).toBe(0);
    expect(stats.failed).toBe(2);
    expect(stats.firstError).toMatch(/^[A-Z_]+: /);
    expect(Number.isNaN(stats.p50)).toBe(true);
  });

  it('stops timing when the time budget runs out', async () => {
    const stats = await measureRoundTrips(caller, 'rtt-device', {
      warmup: 0,
      calls: 1_000_000,
      budgetMs: 1,
    });
    expect(stats.cutShort).toBe(true);
    expect(stats.count).toBeGreaterThanOrEqual(1);
    expect(stats.count).toBeLessThan(1_000_000);
  });
});

describe('bench phase options', () => {
  it('takes --only and the operator flags out, leaving the throughput flags', () => {
    const { phases, rest } = parsePhaseOptions(
      ['--only', 'operator-rpc', '--rpc-calls=50', '--publishers', '2', '--charts-duration', '5'],
      { BENCH_RPC_BG_RATE: '500' },
    );
    expect(phases.only).toEqual(['operator-rpc']);
    expect(phases.rpc).toMatchObject({ calls: 50, backgroundRate: 500, budgetMs: 60_000 });
    expect(phases.charts).toMatchObject({ durationS: 5, devices: 20, keys: 5, hz: 10 });
    expect(rest).toEqual(['--publishers', '2']);
    // every phase runs by default, in the bench's order
    expect(parsePhaseOptions([], {}).phases.only).toEqual([...PHASES]);
    expect(PHASES).toEqual(
      expect.arrayContaining(['throughput', 'operator-rpc', 'operator-charts']),
    );
  });

  it('refuses an unknown phase and a bad number with a readable message', () => {
    expect(() => parsePhaseOptions(['--only', 'charts'], {})).toThrow(
      `--only: expected a comma list of ${PHASES.join(', ')}, got "charts"`,
    );
    expect(() => parsePhaseOptions(['--rpc-calls', '0'], {})).toThrow(
      /--rpc-calls: expected a number >= 1, got "0"/,
    );
  });
});
