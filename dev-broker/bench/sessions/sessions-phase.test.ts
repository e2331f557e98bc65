import { describe, expect, it } from 'vitest';

import { parsePhaseOptions } from '../phase-options.ts';

import { formatSessions, runSessionsBench } from './sessions-phase.ts';

describe('the sessions bench phase', () => {
  it('holds N sessions open on vanilla aedes and on the dev broker, and reports rate and RSS', async () => {
    const { phases } = parsePhaseOptions(
      ['--only', 'sessions', '--sessions', '40', '--sessions-window', '8'],
      {},
    );
    expect(phases.only).toEqual(['sessions']);
    expect(phases.sessions).toEqual({ sessions: 40, window: 8 });
    const result = await runSessionsBench({ ...phases.sessions, storage: 'memory' });
    for (const target of [result.aedes, result.hub]) {
      expect(target).toMatchObject({ connected: 40, failed: 0, firstFailure: null });
      expect(target.perSecond).toBeGreaterThan(0);
      expect(target.peakRssMB).toBeGreaterThanOrEqual(target.baseRssMB);
    }
    expect(result.rateRatio).toBeCloseTo(result.hub.perSecond / result.aedes.perSecond, 2);
    expect(result.goals.map((g) => g.statement)).toEqual([
      'connect rate hub/aedes >= 0.9',
      'peak RSS hub/aedes <= 1.5',
    ]);
    expect(formatSessions(result)[1]).toMatch(/^ {2}aedes +40 ok +0 failed/);
  }, 120_000);
});
