// Counts from the two runners' JSON reports, for `npm test`'s closing line (scripts/run-tests.mjs).
// Each failing test is named in the notes, so a CI log that shows only its tail still says which one.
import { relative } from 'node:path';

/** { passed, failed, notes } from Vitest's JSON report (Jest-compatible shape). */
export function countVitest(report, exitCode, root) {
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
  for (const file of report.testResults ?? [])
    for (const test of file.assertionResults ?? [])
      if (test.status === 'failed')
        notes.push(`vitest failed: ${relative(root, file.name)} › ${test.fullName ?? test.title}`);
  let failed = report.numFailedTests + brokenFiles.length + skipped;
  if (exitCode !== 0 && failed === 0) {
    notes.push(`vitest: exited with code ${exitCode} although its report shows no failure`);
    failed = 1;
  }
  return { passed: report.numPassedTests, failed, notes };
}

/** Every test in Playwright's nested suites with its outcome and its full title. */
function playwrightOutcomes(suites, path) {
  return suites.flatMap((suite) => {
    const here = suite.title ? [...path, suite.title] : path;
    const own = (suite.specs ?? []).flatMap((spec) =>
      (spec.tests ?? []).map((test) => ({
        title: [...here, spec.title].join(' › '),
        outcome: test.status,
      })),
    );
    return [...own, ...playwrightOutcomes(suite.suites ?? [], here)];
  });
}

/** { passed, failed, notes } from Playwright's JSON report. */
export function countPlaywright(report, exitCode) {
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
  for (const { title, outcome } of playwrightOutcomes(report.suites ?? [], []))
    if (outcome === 'unexpected' || outcome === 'flaky')
      notes.push(`playwright ${outcome}: ${title}`);
  let failed = stats.unexpected + stats.flaky + stats.skipped + errors.length;
  if (exitCode !== 0 && failed === 0) {
    notes.push(`playwright: exited with code ${exitCode} although its report shows no failure`);
    failed = 1;
  }
  return { passed: stats.expected, failed, notes };
}
