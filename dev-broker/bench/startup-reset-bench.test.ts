import { describe, expect, it } from 'vitest';

import { parsePhaseOptions } from './phase-options.ts';
import { formatStartupReset, runStartupResetBench } from './startup-reset-bench.ts';

describe('the startup-reset bench phase', () => {
  it('takes its flags and runs start, mess and reset the given number of times', async () => {
    const { phases } = parsePhaseOptions(
      ['--only', 'startup-reset', '--startup-runs', '2', '--startup-devices', '12'],
      {},
    );
    expect(phases.only).toEqual(['startup-reset']);
    expect(phases.startup).toEqual({ runs: 2, devices: 12 });
    const result = await runStartupResetBench(phases.startup);
    expect(result).toMatchObject({ runs: 2, devices: 12 });
    expect(result.start.medianMs).toBeGreaterThan(0);
    expect(result.reset.medianMs).toBeGreaterThan(0);
    expect(result.goals.map((g) => g.statement)).toEqual([
      'start to ready median <= 50 ms',
      'reset() median <= 20 ms',
    ]);
    expect(formatStartupReset(result)[0]).toBe(
      'Startup and reset, in memory with 12 devices, 2 runs:',
    );
  });
});
