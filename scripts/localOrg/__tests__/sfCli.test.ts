/**
 * The real Salesforce CLI against a local org started without content: it logs in with an access
 * token, loads a content plan with `sf data import tree --plan` (the competency model: four files
 * whose records reference each other across files with @refs) and upserts a CSV with
 * `sf data upsert bulk`. The CLI costs seconds a command, so the other plans go through the same
 * API calls in tree.test.ts.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startLocalOrg, type LocalOrg } from '../index';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = path.join(__dirname, '..', '..', '..');
const SF = path.join(ROOT, 'node_modules', '.bin', 'sf');
const run = promisify(execFile);

let org: LocalOrg;
let home: string;

/** Runs `sf <args> --json` with a private home and no update checks; resolves to the parsed answer. */
async function sf(args: string[]): Promise<Json> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_TELEMETRY_DISABLE: 'true',
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    NPM_CONFIG_UPDATE_NOTIFIER: 'false',
    // no release notes, version checks or telemetry: nothing may reach for the network
    SF_HIDE_RELEASE_NOTES: 'true',
    SF_HIDE_RELEASE_NOTES_FOOTER: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_ACCESS_TOKEN: org.accessToken
  };
  // asynchronous on purpose: the org answers from this same process
  const out = await run(SF, [...args, '--json'], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 }).catch(
    (e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' })
  );
  const text = out.stdout;
  const json = text.slice(text.indexOf('{'));
  try {
    return JSON.parse(json) as Json;
  } catch {
    throw new Error(`sf ${args.join(' ')} printed no JSON:\n${text}\n${out.stderr}`);
  }
}

const live = (type: string) => org.store.table(type).rows.filter((r) => !r.IsDeleted);

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-home-'));
  org = await startLocalOrg();
  const login = await sf([
    'org',
    'login',
    'access-token',
    '--instance-url',
    org.url,
    '--no-prompt',
    '--alias',
    'local'
  ]);
  expect(login).toMatchObject({ status: 0, result: { username: 'admin@local.org' } });
}, 120_000);
afterAll(async () => {
  await org.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('the Salesforce CLI', () => {
  it('imports the competency model plan with sf data import tree', async () => {
    expect(live('Competency__c')).toHaveLength(0);
    const res = await sf([
      'data',
      'import',
      'tree',
      '--plan',
      'data/competency-model-plan.json',
      '--target-org',
      'local'
    ]);
    expect(res.status).toBe(0);
    const count = (file: string) =>
      (JSON.parse(fs.readFileSync(path.join(ROOT, 'data', file), 'utf8')) as { records: unknown[] }).records
        .length;
    for (const type of ['Competency_Dimension__c', 'Competency__c', 'Job_Behavior__c', 'Role_Competency__c'])
      expect({ type, n: live(type).length }).toEqual({ type, n: count(`${type}.json`) });
    expect((res.result as unknown[]).length).toBe(
      ['Competency_Dimension__c', 'Competency__c', 'Job_Behavior__c', 'Role_Competency__c']
        .map((t) => count(`${t}.json`))
        .reduce((a, b) => a + b, 0)
    );
    // the cross-file @refs arrived as real ids
    const behavior = live('Job_Behavior__c')[0];
    expect(org.store.get('Competency__c', behavior.Competency__c as string)).toBeDefined();
  }, 120_000);

  it('upserts a CSV with sf data upsert bulk, reading the job results', async () => {
    const csv = path.join(home, 'levels.csv');
    fs.writeFileSync(
      csv,
      'Key__c,Name,Level__c\ncli.level-1,"Level one, quoted",1\ncli.level-2,Level two,2\n'
    );
    const res = await sf([
      'data',
      'upsert',
      'bulk',
      '--sobject',
      'Career_Level__c',
      '--file',
      csv,
      '--external-id',
      'Key__c',
      '--wait',
      '5',
      '--target-org',
      'local'
    ]);
    expect(res.status).toBe(0);
    expect(res.result.jobInfo).toMatchObject({
      state: 'JobComplete',
      numberRecordsProcessed: 2,
      numberRecordsFailed: 0
    });
    expect(org.store.findByKey('Career_Level__c', 'Key__c', 'cli.level-1')[0].Name).toBe('Level one, quoted');
  }, 120_000);
});
