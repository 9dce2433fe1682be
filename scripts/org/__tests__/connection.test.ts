/** The shared connection helpers: JWT assertion, the bearer exchange's errors, redaction, env auth. */
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionError, connect, jwtAssertion, redact } from '../connection';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

describe('jwtAssertion', () => {
  it('signs header.claims with RS256 for the login host, valid three minutes', () => {
    const now = new Date('2026-05-15T12:00:00Z');
    const jwt = jwtAssertion(
      { clientId: 'cid', username: 'u@x.org', privateKeyPem: pem, loginUrl: 'https://test.salesforce.com/' },
      now
    );
    const [header, claims, signature] = jwt.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toEqual({
      iss: 'cid',
      sub: 'u@x.org',
      aud: 'https://test.salesforce.com',
      exp: now.getTime() / 1000 + 180
    });
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${header}.${claims}`);
    expect(verifier.verify(publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
  });

  it('rejects a key that is not an RSA private key', () => {
    expect(() =>
      jwtAssertion({
        clientId: 'c',
        username: 'u',
        privateKeyPem: 'not a key',
        loginUrl: 'https://login.salesforce.com'
      })
    ).toThrow(ConnectionError);
  });
});

describe('connect', () => {
  it('uses SF_INSTANCE_URL and SF_ACCESS_TOKEN, and says what is missing', async () => {
    const c = await connect(
      { apiVersion: '66.0' },
      { SF_INSTANCE_URL: 'http://127.0.0.1:1', SF_ACCESS_TOKEN: 'tok' }
    );
    expect(c.instanceUrl).toBe('http://127.0.0.1:1');
    expect(c.version).toBe('66.0');
    await expect(connect({ apiVersion: '66.0' }, {})).rejects.toThrow(
      /--target-org <alias>.*JWT bearer flow/
    );
  });

  it('explains an alias the Salesforce CLI does not know', async () => {
    const home = mkdtempSync(join(tmpdir(), 'conn-home-'));
    const saved = { home: process.env.HOME };
    process.env.HOME = home;
    try {
      await expect(connect({ apiVersion: '66.0', targetOrg: 'no-such-alias' }, {})).rejects.toThrow(
        /Cannot use the stored auth of no-such-alias .*sf org login web --alias no-such-alias/
      );
    } finally {
      process.env.HOME = saved.home;
      rmSync(home, { recursive: true, force: true });
    }
  }, 30_000);

  it('explains an unreadable key file and an unreachable login host', async () => {
    await expect(
      connect({ apiVersion: '66.0', clientId: 'c', username: 'u', jwtKeyFile: '/no/such/key.pem' }, {})
    ).rejects.toThrow(/Cannot read the JWT key file \/no\/such\/key.pem: ENOENT/);
    const dir = mkdtempSync(join(tmpdir(), 'conn-'));
    try {
      const keyFile = join(dir, 'k.pem');
      writeFileSync(keyFile, pem);
      await expect(
        connect(
          {
            apiVersion: '66.0',
            clientId: 'c',
            username: 'u',
            jwtKeyFile: keyFile,
            loginUrl: 'http://127.0.0.1:9'
          },
          {}
        )
      ).rejects.toThrow(/No answer from http:\/\/127.0.0.1:9\/services\/oauth2\/token/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('redact', () => {
  it('replaces every occurrence of each secret, ignoring blanks and very short values', () => {
    const token = '00D000000000001!AbCdEfGhIjKlMnOp';
    expect(redact(`Bearer ${token} and again ${token}`, [token, undefined, ''])).toBe(
      'Bearer [redacted] and again [redacted]'
    );
    expect(redact('abc', ['abc'])).toBe('abc');
  });
});
