import { spawn } from 'node:child_process';

import mqtt from 'mqtt';

import { outboundTopic } from '../../../src/protocol/topics.ts';
import type { BrokerProcess } from '../broker-process.ts';
import { Verdict, deviceDecls, sleep, type Scenario } from '../scenario.ts';
import { checkStored, pointsOf, type AckedPoints } from '../stored-points.ts';

/** No PUBACK for this long: the burst is stalled. */
const STALL_MS = 15_000;
const MOSQUITTO_LINES = 100_000;

/** The pipelined cases of issue §1: every QoS 1 publish written without waiting gets its PUBACK. */
const CASES = [
  { transport: 'tcp', version: 4, count: 10_000 },
  { transport: 'tcp', version: 5, count: 10_000 },
  { transport: 'ws', version: 4, count: 2000 },
  { transport: 'ws', version: 5, count: 2000 },
] as const;

export const bursts: Scenario = {
  name: 'bursts',
  async run(ctx) {
    const v = new Verdict();
    const decls = deviceDecls('burst', CASES.length + 1);
    const broker = await ctx.startBroker({ devices: decls });
    for (const [i, c] of CASES.entries()) {
      const name = decls[i]?.name ?? '';
      const url = c.transport === 'tcp' ? broker.mqttUrl : broker.wsUrl;
      const started = performance.now();
      const acked = await mqttJsBurst(url, name, c.version, c.count);
      const ms = performance.now() - started;
      const stored = checkStored(broker.dataDir, [acked]);
      const label = `${c.transport} v${String(c.version)}`;
      ctx.note(`${label}: ${String(acked.size)}/${String(c.count)} in ${ms.toFixed(0)} ms`);
      v.check(
        acked.size === c.count,
        `${label}: ${String(acked.size)} of ${String(c.count)} pipelined publishes PUBACKed`,
      );
      v.check(
        stored.lost + stored.wrong === 0,
        `${label}: ${String(stored.lost + stored.wrong)} PUBACKed points not stored`,
      );
      v.figure(
        `${label} ${String(acked.size)}/${String(c.count)} acked in ${(ms / 1000).toFixed(1)} s`,
      );
    }
    const name = decls[CASES.length]?.name ?? '';
    const mosquitto = await mosquittoBurst(broker, name);
    v.check(
      mosquitto.code === 0,
      `mosquitto_pub -l exited ${String(mosquitto.code)}: ${mosquitto.stderr.slice(0, 200)}`,
    );
    v.check(
      mosquitto.stored.lost === 0,
      `mosquitto_pub -l: ${String(mosquitto.stored.lost)} of ${String(MOSQUITTO_LINES)} lines not stored`,
    );
    v.figure(
      `mosquitto_pub -l ${String(MOSQUITTO_LINES - mosquitto.stored.lost)}/${String(MOSQUITTO_LINES)} stored in ${(mosquitto.ms / 1000).toFixed(1)} s`,
    );
    return v;
  },
};

/** One MQTT.js client (no in-flight limit) writes `count` QoS 1 publishes at once; resolves with the PUBACKed ones. */
async function mqttJsBurst(
  url: string,
  name: string,
  version: 4 | 5,
  count: number,
): Promise<AckedPoints> {
  const points = new Map<number, number>();
  const acked = pointsOf(name, 'b', points);
  const client = mqtt.connect(url, {
    protocolVersion: version,
    username: name,
    clientId: name,
    reconnectPeriod: 0,
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  const base = 1_600_000_000_000;
  await new Promise<void>((resolve) => {
    // a burst that makes no progress for STALL_MS is stalled: stop waiting
    let lastProgress = Date.now();
    const watchdog = setInterval(() => {
      if (Date.now() - lastProgress > STALL_MS) finish();
    }, 500);
    const finish = () => {
      clearInterval(watchdog);
      resolve();
    };
    let settled = 0;
    for (let i = 0; i < count; i++) {
      const payload = `{"ts":${String(base + i)},"values":{"b":${String(i)}}}`;
      client.publish(outboundTopic.telemetry(), payload, { qos: 1 }, (error) => {
        lastProgress = Date.now();
        if (!error) points.set(base + i, i);
        if (++settled === count) finish();
      });
    }
  });
  client.end(true);
  return acked;
}

/**
 * `mosquitto_pub -l -q 1` with 100,000 lines on stdin; every line must be stored. mosquitto_pub 2.0
 * leaves at the end of input once the PUBACK for the packet id of the last line arrives, and ids wrap
 * at 65,535, so stdin stays open until every line is stored (or nothing moved for STALL_MS).
 */
async function mosquittoBurst(broker: BrokerProcess, name: string) {
  const base = 1_600_000_000_000;
  const lines = Array.from(
    { length: MOSQUITTO_LINES },
    (_, i) => `{"ts":${String(base + i)},"values":{"m":${String(i)}}}`,
  );
  const expected = pointsOf(name, 'm', new Map(lines.map((_, i) => [base + i, i])));
  const started = performance.now();
  const args = ['-h', '127.0.0.1', '-p', String(broker.ports.mqttPort), '-q', '1', '-l'];
  args.push('-u', name, '-i', name, '-t', outboundTopic.telemetry());
  const child = spawn('mosquitto_pub', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.stdin.write(`${lines.join('\n')}\n`);
  let progress = { stored: -1, at: Date.now() };
  while (child.exitCode === null && Date.now() - progress.at < STALL_MS) {
    await sleep(250);
    const stored = checkStored(broker.dataDir, [expected]);
    if (stored.lost === 0) break;
    if (stored.stored > progress.stored) progress = { stored: stored.stored, at: Date.now() };
  }
  const ms = performance.now() - started;
  child.stdin.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await exited;
  clearTimeout(timer);
  return { code, stderr, ms, stored: checkStored(broker.dataDir, [expected]) };
}
