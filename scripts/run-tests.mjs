// `npm test`: builds the console if needed, runs Vitest and then Playwright (each always runs),
// and ends with one line, `tests: N passed, M failed`, computed from the two JSON reports.
// Exit code 0 only when something ran and nothing failed. A skipped test counts as a failure.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const VITEST_REPORT = join(root, '.vitest-results.json');
const PLAYWRIGHT_REPORT = join(root, '.playwright-results.json');

/** Runs `node <args>` in the repo root with inherited output; returns its exit code. */
function run(label, args, env = {}) {
  console.log(`\n── ${label} ──`);
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.error) console.error(`${label}: could not start: ${result.error.message}`);
  return result.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { unreadable: error instanceof Error ? error.message : String(error) };
  }
}

/** { passed, failed, notes } from Vitest's JSON report (Jest-compatible shape). */
function countVitest(report, exitCode) {
  if ('unreadable' in report || typeof report.numPassedTests !== 'number') {
    return {
      passed: 0,
      failed: 1,
      notes: [`vitest: no readable report (${report.unreadable ?? 'unexpected shape'})`],
    };
  }
  const notes = [];
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that fails to load has no test results of its own: count it once.
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0,
  );
  for (const file of brokenFiles)
    notes.push(`vitest: ${file.name} failed to run: ${file.message ?? ''}`.trim());
  if (skipped > 0)
    notes.push(`vitest: ${skipped} skipped or todo test(s); skipping is not allowed here`);
  let failed = report.numFailedTests + brokenFiles.length + skipped;
  if (exitCode !== 0 && failed === 0) {
    notes.push(`vitest: exited with code ${exitCode} although its report shows no failure`);
    failed = 1;
  }
  return { passed: report.numPassedTests, failed, notes };
}

/** { passed, failed, notes } from Playwright's JSON report. */
function countPlaywright(report, exitCode) {
  const stats = report.stats;
  if ('unreadable' in report || typeof stats?.expected !== 'number') {
    return {
      passed: 0,
      failed: 1,
      notes: [`playwright: no readable report (${report.unreadable ?? 'unexpected shape'})`],
    };
  }
  const notes = [];
  const errors = report.errors ?? [];
  for (const error of errors)
    notes.push(`playwright: ${error.message?.split('\n')[0] ?? 'error outside a test'}`);
  if (stats.skipped > 0)
    notes.push(`playwright: ${stats.skipped} skipped test(s); skipping is not allowed here`);
  if (stats.flaky > 0) notes.push(`playwright: ${stats.flaky} flaky test(s) counted as failed`);
  let failed = stats.unexpected + stats.flaky + stats.skipped + errors.length;
  if (exitCode !== 0 && failed === 0) {
    notes.push(`playwright: exited with code ${exitCode} although its report shows no failure`);
    failed = 1;
  }
  return { passed: stats.expected, failed, notes };
}

rmSync(VITEST_REPORT, { force: true });
rmSync(PLAYWRIGHT_REPORT, { force: true });

const buildCode = run('build (if needed)', ['scripts/ensure-build.mjs']);
const vitestCode = run('vitest', [
  join(root, 'node_modules', 'vitest', 'vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${VITEST_REPORT}`,
]);
const playwrightCode = run(
  'playwright',
  [
    join(root, 'node_modules', '@playwright', 'test', 'cli.js'),
    'test',
    '-c',
    'e2e/playwright.config.ts',
  ],
  { PLAYWRIGHT_JSON_OUTPUT_FILE: PLAYWRIGHT_REPORT },
);

const parts = [
  countVitest(readJson(VITEST_REPORT), vitestCode),
  countPlaywright(readJson(PLAYWRIGHT_REPORT), playwrightCode),
];
if (buildCode !== 0) parts.push({ passed: 0, failed: 1, notes: ['build: vite build failed'] });

const passed = parts.reduce((sum, part) => sum + part.passed, 0);
const failed = parts.reduce((sum, part) => sum + part.failed, 0);
const notes = parts.flatMap((part) => part.notes);
console.log('');
for (const note of notes) console.log(note);
if (passed + failed === 0) console.log('no test ran');
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
