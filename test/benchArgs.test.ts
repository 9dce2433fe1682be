/** The benchmarks' option parsing: a bad option gives the usage line, never a stack trace. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseOrgServerArgs } from '../bench/orgServer';
import { UsageError, parseBenchArgs, syncNodeFlags } from '../bench/sync';
import { readFileSync } from 'node:fs';

describe('bench:sync options', () => {
  it('parses whole numbers and keeps the defaults', () => {
    expect(parseBenchArgs([])).toEqual({
      reps: 10_000,
      opportunities: 1_000_000,
      smallOpportunities: 250_000,
      extraOpportunities: 0,
      repeat: 3
    });
    expect(parseBenchArgs(['--reps', '50', '--repeat', '1'])).toMatchObject({ reps: 50, repeat: 1 });
  });

  it('rejects unknown options, missing and bad numbers with the usage line', () => {
    for (const argv of [['--bogus', '1'], ['--reps'], ['--reps', 'x'], ['--reps', '0'], ['--reps', '1.5']]) {
      expect(() => parseBenchArgs(argv)).toThrow(UsageError);
      expect(() => parseBenchArgs(argv)).toThrow(/Usage: npm run bench:sync -- \[--reps N\]/);
    }
    expect(() => parseBenchArgs(['--bogus', '1'])).toThrow('Unknown option --bogus');
    expect(() => parseBenchArgs(['--reps', 'x'])).toThrow('--reps needs a whole number above 0');
  });

  it('prints the usage line and exits 2 as a process, with no stack trace', () => {
    const res = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '..', 'bench', 'sync.ts'), '--reps', 'x'],
      {
        encoding: 'utf8',
        timeout: 60_000
      }
    );
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('Usage: npm run bench:sync');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  }, 70_000);

  it('orgServer needs both sizes', () => {
    expect(parseOrgServerArgs(['--reps', '2', '--opportunities', '3'])).toEqual({
      reps: 2,
      opportunities: 3
    });
    expect(() => parseOrgServerArgs(['--reps', '2'])).toThrow(
      'both --reps N and --opportunities N are required'
    );
  });
});

describe('bench:sync runs the sync as npm run sync does', () => {
  it('takes the Node flags of the sync script', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(syncNodeFlags(pkg.scripts.sync)).toEqual(['--max-semi-space-size=4']);
    expect(syncNodeFlags('node --a=1 --b --import tsx x.ts --c')).toEqual(['--a=1', '--b']);
    expect(syncNodeFlags('tsx x.ts')).toEqual([]);
  });
});
