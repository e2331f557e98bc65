/**
 * `npm run test:reliability [-- --quick] [-- --only name,name] [-- --keep]`: starts real dev broker
 * processes and real clients, runs each scenario, prints a table and `reliability: N passed, M failed`,
 * and exits 1 on any failure. See the README's "Reliability suite" section.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { BrokerProcess } from './broker-process.ts';
import { printTable, type Row } from './report-table.ts';
import { brokerFactory, type Scenario, type ScenarioResult } from './scenario.ts';
import { SCENARIOS } from './scenarios/all.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const keep = args.includes('--keep');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : null;
const unknown = args.filter(
  (a, i) => !['--quick', '--keep', '--only'].includes(a) && i !== onlyAt + 1,
);
if (unknown.length > 0 || (only && [...only].some((n) => !SCENARIOS.some((s) => s.name === n)))) {
  process.stderr.write(
    `usage: npm run test:reliability -- [--quick] [--keep] [--only ${SCENARIOS.map((s) => s.name).join(',')}]\n`,
  );
  process.exit(2);
}

const root = mkdtempSync(join(tmpdir(), 'iothub-reliability-'));
const rows: Row[] = [];
const started = performance.now();
process.stderr.write(`reliability (${quick ? 'quick' : 'full'}): data under ${root}\n`);

for (const scenario of SCENARIOS.filter((s) => only === null || only.has(s.name))) {
  rows.push(await runOne(scenario));
}

printTable(rows);
const failed = rows.filter((r) => !r.passed).length;
const minutes = ((performance.now() - started) / 60_000).toFixed(1);
process.stdout.write(
  `\nreliability: ${String(rows.length - failed)} passed, ${String(failed)} failed (${minutes} min, ${quick ? 'quick' : 'full'})\n`,
);
if (!keep && failed === 0) rmSync(root, { recursive: true, force: true });
else process.stdout.write(`broker data dirs and logs kept under ${root}\n`);
process.exit(failed === 0 ? 0 : 1);

async function runOne(scenario: Scenario): Promise<Row> {
  const brokers: BrokerProcess[] = [];
  const t0 = performance.now();
  process.stderr.write(`▶ ${scenario.name}\n`);
  let result: ScenarioResult;
  try {
    result = await scenario.run({
      quick,
      note: (message) => process.stderr.write(`  ${scenario.name}: ${message}\n`),
      startBroker: brokerFactory(root, brokers),
    });
  } catch (error) {
    result = { figures: [], failures: [`threw: ${(error as Error).stack ?? String(error)}`] };
  }
  for (const broker of brokers) {
    const crash = broker.crash();
    if (crash) result.failures.push(`broker crashed (${crash}); log: ${broker.logFile}`);
    await broker.stop();
  }
  const seconds = (performance.now() - t0) / 1000;
  for (const failure of result.failures) process.stderr.write(`  ✗ ${failure}\n`);
  return {
    name: scenario.name,
    passed: result.failures.length === 0,
    figures: result.figures,
    seconds,
    failures: result.failures,
  };
}
