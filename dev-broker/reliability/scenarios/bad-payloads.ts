import { join } from 'node:path';

import Database from 'better-sqlite3';

import { NAMED_POINTS } from '../../storage/sqlite-series-schema.ts';
import type { BrokerProcess } from '../broker-process.ts';
import { payloadCases, type Expected, type PayloadCase, type Sender } from '../payload-cases.ts';
import { describe, healthy, publishAndWatch, type Outcome } from '../publish-outcome.ts';
import { RawDevice } from '../raw-device.ts';
import { Verdict, type Scenario } from '../scenario.ts';

import { operatorCases, sendOperatorCase } from './bad-operator-requests.ts';

const CONFIG = {
  profiles: [
    {
      name: 'bp-prov',
      provisionType: 'ALLOW_CREATE_NEW_DEVICES',
      provisionKey: 'bp-key',
      provisionSecret: 'bp-secret',
    },
  ],
  devices: [
    { name: 'bp-dev', credentials: { type: 'ACCESS_TOKEN', token: 'bp-dev' } },
    { name: 'bp-gw', gateway: true, credentials: { type: 'ACCESS_TOKEN', token: 'bp-gw' } },
    { name: 'bp-good', credentials: { type: 'ACCESS_TOKEN', token: 'bp-good' } },
  ],
};
const USERNAME: Record<Sender, string> = {
  device: 'bp-dev',
  gateway: 'bp-gw',
  provision: 'provision',
};

/**
 * Invalid JSON, 10,000-deep nesting, huge numbers, wrong types and 100,000 keys (over the packet
 * limit) on every device topic, the gateway topics, provisioning and operator requests: each gets
 * its documented answer, nothing is stored partially, the broker stays up and a good device is
 * unaffected (a QoS 1 publish acknowledged within 2 s after every case).
 */
export const badPayloads: Scenario = {
  name: 'bad-payloads',
  async run(ctx) {
    const v = new Verdict();
    const broker = await ctx.startBroker(CONFIG);
    const good = await RawDevice.connect({ url: broker.mqttUrl, username: 'bp-good', version: 5 });
    const health = () => healthy(good);
    const open = new Map<Sender, RawDevice>();
    const results: { c: PayloadCase; outcome: Outcome }[] = [];
    let documented = 0;
    for (const c of payloadCases()) {
      let device = open.get(c.sender);
      if (!device || device.isClosed) {
        device = await RawDevice.connect({
          url: broker.mqttUrl,
          username: USERNAME[c.sender],
          version: 5,
        });
        open.set(c.sender, device);
      }
      const outcome = await publishAndWatch(device, c.topic, c.payload);
      results.push({ c, outcome });
      if (
        v.check(matches(c.expected, outcome), `${c.kind} on ${c.topic}: got ${describe(outcome)}`)
      )
        documented++;
      v.check(await health(), `good device unanswered after ${c.kind} on ${c.topic}`);
    }
    const partial = markerProblems(broker, results);
    v.check(partial.length === 0, `stored partially or wrongly: ${partial.join('; ')}`);
    const operator = await operatorRun(broker, health);
    v.failures.push(...operator.failures);
    for (const device of open.values()) device.destroy();
    await good.end();
    v.figure(
      `${String(results.length)} device-topic cases (${String(new Set(results.map((r) => r.c.topic)).size)} topics): ${String(documented)} with the documented answer`,
    );
    v.figure(
      `${String(operator.count)} operator requests; marker keys checked ${String(results.filter((r) => r.c.marker).length)}, partial ${String(partial.length)}`,
    );
    return v;
  },
};

function matches(expected: Expected, o: Outcome): boolean {
  if ('codes' in expected) return o.code !== null && expected.codes.includes(o.code) && !o.closed;
  if (!o.closed) return false;
  if (expected.disconnect !== undefined && o.disconnect !== expected.disconnect) return false;
  return expected.ackThenClose ? o.code === 0 : o.code === null;
}

/** Marker keys are stored exactly when their publish was acknowledged with 0x00 (all or nothing). */
function markerProblems(
  broker: BrokerProcess,
  results: { c: PayloadCase; outcome: Outcome }[],
): string[] {
  const db = new Database(join(broker.dataDir, 'iothub.sqlite'), { readonly: true });
  try {
    const telemetry = db
      .prepare<[string], number>(`SELECT count(*) FROM (${NAMED_POINTS}) WHERE key = ?`)
      .pluck();
    const client = db
      .prepare<[string], number>(
        "SELECT count(*) FROM attributes WHERE scope = 'CLIENT' AND key = ?",
      )
      .pluck();
    return results.flatMap(({ c, outcome }) => {
      if (!c.marker) return [];
      const stored = (c.marker.table === 'telemetry' ? telemetry : client).get(c.marker.key) ?? 0;
      const wanted = outcome.code === 0 ? 1 : 0;
      return stored === wanted
        ? []
        : [
            `${c.kind} on ${c.topic}: marker stored ${String(stored)}×, answer ${describe(outcome)}`,
          ];
    });
  } finally {
    db.close();
  }
}

async function operatorRun(broker: BrokerProcess, health: () => Promise<boolean>) {
  const failures: string[] = [];
  const cases = operatorCases();
  for (const c of cases) {
    const problem = await sendOperatorCase(broker, c);
    if (problem) failures.push(`operator ${c.kind}: ${problem}`);
    if (!(await health())) failures.push(`good device unanswered after operator ${c.kind}`);
  }
  return { failures, count: cases.length };
}
