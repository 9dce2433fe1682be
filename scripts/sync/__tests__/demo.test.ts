/** `npm run demo -- --no-serve`, as a real process: local org up, sync over HTTP, summary, exit 0. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseDemoArgs } from '../../demo';

const ROOT = join(__dirname, '..', '..', '..');

describe('demo', () => {
  it('starts a seeded local org, syncs it and exits with --no-serve', () => {
    const res = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts', 'demo.ts'), '--no-serve', '--reps', '40'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000
      }
    );
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/Local org at http:\/\/127\.0\.0\.1:\d+: 40 reps/);
    expect(res.stdout).toMatch(/Reps: 40\. Snapshots written: 40\./);
    expect(res.stdout).toMatch(/API calls used: \d+/);
    // the seeded manager assessments cover the quarter the sync picks by default
    expect(res.stdout).toMatch(/; 40 manager assessments of (\d{4}-Q[1-4]) with [1-9]\d* behaviour ratings/);
    const period = /manager assessments of (\d{4}-Q[1-4])/.exec(res.stdout)?.[1];
    expect(res.stdout).toContain(`\n${period} (`);
    expect(res.stdout).toMatch(/Assessments rescored: [1-9]\d*\./);
    expect(res.stdout).toMatch(
      /Behaviour impact: [1-9]\d* results computed, \d+ with not enough data\. Against win rate \(SDRs: lead conversion\):/
    );
    expect(res.stdout).toMatch(/ {2}Account Executive: strongest .+\(rho 0\.\d\d, n \d+\)/);
    // with --no-serve the token of the throwaway org is not printed either
    expect(res.stdout).not.toMatch(/SF_ACCESS_TOKEN=/);
  }, 130_000);

  it('rejects unknown arguments and bad numbers', () => {
    expect(parseDemoArgs(['--no-serve'])).toMatchObject({ serve: false, reps: 300 });
    expect(() => parseDemoArgs(['--reps', '0'])).toThrow(/--reps needs a whole number from 1 to 20000/);
    expect(() => parseDemoArgs(['--serve'])).toThrow(/Unknown argument --serve/);
  });
});
