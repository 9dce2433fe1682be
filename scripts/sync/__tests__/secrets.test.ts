/**
 * No secret in any message: tokens are fed through every error path of the sync and the content
 * importer (swapped SF_INSTANCE_URL and SF_ACCESS_TOKEN, a URL that is not one, a dead host, an
 * expired session, a server that echoes the token back in its errors, a JWT login that is refused)
 * and no output, text or --json, may contain one. Also: the documented `npm run -s sync -- --json`
 * prints exactly one JSON document.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { redact } from '../../org/connection';
import { startLocalOrg, type LocalOrg } from '../../localOrg/index';
import { main, type CliIo } from '../cli';

const ROOT = join(__dirname, '..', '..', '..');
const NOW = new Date('2026-05-15T12:00:00Z');
/** Shaped like a real Salesforce session id, so pattern redaction is tested too. */
const TOKEN = '00D5g000004XyZaEAK!AQ4AQFake.Token_Value-1234567890abcdefghijklmnop';
const FAST_RETRY = { retries: 1, baseMs: 1, maxMs: 2 };

/** Runs the sync CLI in process, collecting stdout and stderr. */
async function sync(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const io: CliIo = { out: (t) => void lines.push(t), err: (t) => void lines.push(t), isTTY: true };
  const code = await main(argv, env, io, { retry: FAST_RETRY });
  return { code, text: lines.join('\n') };
}

/** Runs a command as a process and returns its exit code and everything it printed. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A server that answers every request with an error quoting the request's bearer token. */
function echoServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    res.writeHead(500, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify([
        {
          errorCode: 'UNKNOWN_EXCEPTION',
          message: `session ${auth.replace(/^Bearer /, '')} refused (${auth})`
        }
      ])
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })
    )
  );
}

jest.setTimeout(60_000);

describe('no secret in any message', () => {
  let org: LocalOrg;
  let echo: { url: string; server: Server };

  beforeAll(async () => {
    org = await startLocalOrg({ now: () => NOW, plans: true, seed: { reps: 12, quarters: 2 } });
    echo = await echoServer();
  });
  afterAll(async () => {
    await org.close();
    await new Promise((r) => echo.server.close(r));
  });

  const cases: [string, () => NodeJS.ProcessEnv][] = [
    ['swapped URL and token', () => ({ SF_INSTANCE_URL: TOKEN, SF_ACCESS_TOKEN: org.url })],
    [
      'an instance URL that is not one',
      () => ({ SF_INSTANCE_URL: `mydomain ${TOKEN}`, SF_ACCESS_TOKEN: TOKEN })
    ],
    [
      'a host that does not answer',
      () => ({ SF_INSTANCE_URL: 'http://127.0.0.1:9', SF_ACCESS_TOKEN: TOKEN })
    ],
    ['an expired session', () => ({ SF_INSTANCE_URL: org.url, SF_ACCESS_TOKEN: TOKEN })],
    ['a server that echoes the token', () => ({ SF_INSTANCE_URL: echo.url, SF_ACCESS_TOKEN: TOKEN })]
  ];

  it.each(cases)('sync, %s: exit 1, the reason given, no token (text and --json)', async (_, env) => {
    for (const json of [false, true]) {
      const r = await sync(['--period', '2026-Q1', ...(json ? ['--json'] : [])], env());
      expect(r.code).toBe(1);
      expect(r.text).not.toContain(TOKEN);
      expect(r.text).not.toContain('AQ4AQFake');
      expect(r.text).toMatch(/sync failed: .+|"status": 1/);
      if (json) expect(JSON.parse(r.text)).toMatchObject({ status: 1, name: 'SyncError' });
    }
  });

  it('says which variable is wrong when the two are swapped, without echoing either', async () => {
    const r = await sync([], { SF_INSTANCE_URL: TOKEN, SF_ACCESS_TOKEN: org.url });
    expect(r.text).toBe(
      'sync failed: SF_INSTANCE_URL is not an http(s) URL (expected e.g. https://mydomain.my.salesforce.com): SF_INSTANCE_URL and SF_ACCESS_TOKEN look swapped'
    );
  });

  it('keeps tokens out of a refused JWT login and of option errors', async () => {
    const jwt = await sync(
      ['--client-id', TOKEN, '--username', 'a@b.c', '--jwt-key-file', `/nope/${TOKEN}.pem`],
      {}
    );
    expect(jwt.code).toBe(1);
    expect(jwt.text).not.toContain(TOKEN);
    const option = await sync(['--period', TOKEN], {});
    expect(option.code).toBe(1);
    expect(option.text).not.toContain(TOKEN);
    const api = await sync(['--api-version', '66'], {});
    expect(api.text).toBe('sync failed: --api-version must look like 66.0, got 66');
  });

  it('redacts every token shape, whoever passed it', () => {
    expect(
      redact(`a ${TOKEN} b Bearer abcdefghijklmnopqrstuvwx c access_token=xyz&d=1 eyJhbGc.eyJzdWI.c2ln`, [])
    ).toBe('a [redacted] b [redacted] c access_token=[redacted]&d=1 [redacted]');
    expect(redact('the JWT bearer login for x', [])).toBe('the JWT bearer login for x');
  });

  it('importer: swapped variables and an echoing server print no token', async () => {
    for (const env of [
      { SF_INSTANCE_URL: TOKEN, SF_ACCESS_TOKEN: org.url },
      { SF_INSTANCE_URL: echo.url, SF_ACCESS_TOKEN: TOKEN }
    ]) {
      const r = await run(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'scripts', 'data', 'import.ts')],
        env
      );
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
      expect(r.stdout + r.stderr).not.toContain('AQ4AQFake');
      expect(r.stdout + r.stderr).toMatch(/failed|FAILED/);
    }
  }, 60_000);

  it('npm run -s sync -- --json prints one JSON document and nothing else on stdout', async () => {
    const period = org.seeded?.periods[0] as string;
    const r = await run('npm', ['run', '-s', 'sync', '--', '--period', period, '--dry-run', '--json'], {
      SF_INSTANCE_URL: org.url,
      SF_ACCESS_TOKEN: org.accessToken
    });
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as { status: number; result: { dryRun: boolean; reps: number } };
    expect(parsed).toMatchObject({ status: 0, result: { dryRun: true, reps: 12 } });
    expect(r.stdout + r.stderr).not.toContain(org.accessToken);
  }, 60_000);
});
