/**
 * Proves the scoring library loads in a plain Node process (as the sync runs it, through tsx),
 * not only inside the LWC Jest transformer: no platform imports may creep into the bundle.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bandFromRecord,
  eligibleScore,
  type PerformanceBandRecord
} from '../force-app/main/default/lwc/scoring/scoring';

const ROOT = join(__dirname, '..');

/** Runs a snippet in a fresh `node --import tsx` process from the project root and returns stdout. */
function runNode(code: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', '-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000
  });
}

describe('scoring library in plain Node', () => {
  it('imports by relative path and computes scores, bands and periods', () => {
    const out = runNode(`
      const s = require('./force-app/main/default/lwc/scoring/scoring');
      const bands = [
        { score: 1, minAttainment: 130, maxAttainment: null, requiresBothExceeding: true, fallbackScore: 2 },
        { score: 2, minAttainment: 111, maxAttainment: 130, requiresBothExceeding: false, fallbackScore: null },
        { score: 3, minAttainment: 80, maxAttainment: 111, requiresBothExceeding: false, fallbackScore: null },
        { score: 4, minAttainment: 40, maxAttainment: 80, requiresBothExceeding: false, fallbackScore: null },
        { score: 5, minAttainment: null, maxAttainment: 40, requiresBothExceeding: false, fallbackScore: null }
      ];
      const eligible = s.eligibleScore({ attainment: 112.5, inRamp: false, scope: 'Meeting', impact: 'Meeting' }, bands);
      const fiscal = { startMonth: 2, usesStartDateAsFiscalYearName: false };
      console.log(JSON.stringify({
        competency: s.competencyScore(['3', '4', 'N/A', '4']),
        eligible: eligible.score,
        range: s.periodRange('2026-Q3', fiscal),
        closed: s.lastClosedQuarter('2026-02-10', fiscal),
        rho: s.spearman([1, 2, 3, 4], [10, 20, 40, 30])
      }));
    `);
    expect(JSON.parse(out.trim())).toEqual({
      competency: 3.67,
      eligible: 2,
      range: { start: '2025-08-01', end: '2025-10-31' },
      closed: '2026-Q4',
      rho: 0.8
    });
  });

  it('surfaces a bad period key as a ScoringInputError with the key in the message', () => {
    const out = runNode(`
      const { parsePeriodKey } = require('./force-app/main/default/lwc/scoring/scoring');
      try { parsePeriodKey('2026-Q7'); } catch (e) { console.log(e.name + ': ' + e.message); }
    `);
    expect(out).toContain('ScoringInputError: Invalid period key "2026-Q7"');
  });
});

describe('the shipped default bands (data/Performance_Band__c.json)', () => {
  const file = JSON.parse(readFileSync(join(ROOT, 'data', 'Performance_Band__c.json'), 'utf8')) as {
    records: PerformanceBandRecord[];
  };
  const bands = file.records.map(bandFromRecord);

  it.each([
    [39.99, 'Meeting', 5],
    [40, 'Meeting', 4],
    [79.99, 'Meeting', 4],
    [80, 'Meeting', 3],
    [110.99, 'Meeting', 3],
    [111, 'Meeting', 2],
    [129.99, 'Exceeding', 2],
    [130, 'Meeting', 2],
    [130, 'Exceeding', 1]
  ] as const)('attainment %p%% with both areas %s gives %p', (attainment, rating, score) => {
    expect(eligibleScore({ attainment, inRamp: false, scope: rating, impact: rating }, bands).score).toBe(
      score
    );
  });
});
