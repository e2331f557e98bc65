// Runs the package's Playwright fixtures in a real Playwright run (playwright-run/: a consumer-style
// project whose tests fail on purpose) and reads its JSON report: the reset policy per test and per
// file, and the broker's event log attached to the test that failed — and to no other.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface ReportTest {
  title: string;
  status: string;
  attachments: { name: string; contentType: string; body?: string }[];
}
interface ReportSuite {
  specs?: {
    title: string;
    tests: {
      status: string;
      results: { status: string; attachments: ReportTest['attachments'] }[];
    }[];
  }[];
  suites?: ReportSuite[];
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = fileURLToPath(new URL('./playwright-run/playwright.config.ts', import.meta.url));
let dir: string;
let tests: Map<string, ReportTest>;

function collect(suite: ReportSuite, into: Map<string, ReportTest>): void {
  for (const spec of suite.specs ?? []) {
    const [first] = spec.tests;
    const result = first?.results.at(-1);
    into.set(spec.title, {
      title: spec.title,
      status: first?.status ?? 'missing',
      attachments: result?.attachments ?? [],
    });
  }
  for (const child of suite.suites ?? []) collect(child, into);
}

const text = (a: ReportTest['attachments'][number] | undefined) =>
  Buffer.from(a?.body ?? '', 'base64').toString('utf8');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fixture-run-'));
  const report = join(dir, 'results.json');
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '-c', config],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, FIXTURE_RUN_REPORT: report, FIXTURE_RUN_OUTPUT: join(dir, 'out') },
    },
  );
  // c1 fails on purpose, so Playwright exits 1; anything else (no report) is a broken run
  expect(run.status, run.stderr).toBe(1);
  const parsed = JSON.parse(readFileSync(report, 'utf8')) as { suites: ReportSuite[] };
  tests = new Map();
  for (const suite of parsed.suites) collect(suite, tests);
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the package fixtures in a real Playwright run', () => {
  it('ran every test of the project', () => {
    expect([...tests.keys()].sort()).toEqual([
      'a1 creates a device',
      'a2 still sees it: no reset within the file',
      'b1 starts from the seed: what file a made is gone',
      'b2 starts from the seed again: reset per test',
      'c1 fails on purpose after a refused connection',
      'c2 passes after a connection: nothing is attached',
      'c3 fails as expected (test.fail): nothing is attached',
    ]);
  });

  it("resets once per file with resetBetween: 'file', before every test by default", () => {
    for (const title of [
      'a1 creates a device',
      'a2 still sees it: no reset within the file',
      'b1 starts from the seed: what file a made is gone',
      'b2 starts from the seed again: reset per test',
    ])
      expect(tests.get(title)?.status, title).toBe('expected');
  });

  it('attaches the broker event log, text and JSON, to the failed test only', () => {
    const failed = tests.get('c1 fails on purpose after a refused connection');
    expect(failed?.status).toBe('unexpected');
    const names = failed?.attachments.map((a) => [a.name, a.contentType]);
    expect(names).toEqual(
      expect.arrayContaining([
        ['broker-events.txt', 'text/plain'],
        ['broker-events.json', 'application/json'],
      ]),
    );
    const log = text(failed?.attachments.find((a) => a.name === 'broker-events.txt'));
    expect(log).toMatch(
      /auth_failed +client=\S+ {2}connection from .* refused .*unknown access token/,
    );
    const json = JSON.parse(
      text(failed?.attachments.find((a) => a.name === 'broker-events.json')),
    ) as { kind: string }[];
    expect(json.map((e) => e.kind)).toContain('auth_failed');
    for (const title of [
      'c2 passes after a connection: nothing is attached',
      'c3 fails as expected (test.fail): nothing is attached',
    ]) {
      expect(tests.get(title)?.status, title).toBe('expected');
      expect(tests.get(title)?.attachments.map((a) => a.name)).not.toContain('broker-events.txt');
    }
  });
});
