/**
 * How every command of the package reaches an org: the Salesforce CLI's stored auth
 * (`--target-org`), an access token in SF_INSTANCE_URL + SF_ACCESS_TOKEN, or the OAuth 2.0 JWT
 * bearer flow for scheduled jobs. Shared by the content importer and the metrics sync.
 */
import { createSign } from 'node:crypto';
import * as fs from 'node:fs';
import { Connection } from 'jsforce';

/** The API version used when the caller does not set one (GraphQL mutations need 66.0+). */
export const DEFAULT_API_VERSION = '66.0';

/** The login host of the JWT bearer flow when none is given. */
export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';

/** What a command needs to know to connect. Only one of the three ways is used. */
export interface ConnectOptions {
  /** An alias or username known to the Salesforce CLI (`sf org login ...`). */
  targetOrg?: string;
  /** JWT bearer flow: the connected app's consumer key. */
  clientId?: string;
  /** JWT bearer flow: the user the job runs as. */
  username?: string;
  /** JWT bearer flow: the PEM private key whose certificate the connected app holds. */
  jwtKeyFile?: string;
  /** JWT bearer flow: login.salesforce.com, test.salesforce.com or a My Domain URL. */
  loginUrl?: string;
  apiVersion: string;
}

/** Thrown when an org cannot be reached or refuses the credentials; the message says what to do. */
export class ConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionError';
  }
}

/** Checks an API version argument such as "66.0". */
export function checkApiVersion(version: string): string {
  if (!/^\d+\.\d$/.test(version)) throw new Error(`--api-version must look like 66.0, got ${version}`);
  return version;
}

/** Base64url of a buffer or text, as JWT segments are encoded. */
function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * Builds the signed JWT assertion of the bearer flow: RS256 over header.claims, audience the
 * login host, valid for three minutes (Salesforce's maximum clock skew allowance).
 */
export function jwtAssertion(
  input: { clientId: string; username: string; privateKeyPem: string; loginUrl: string },
  now: Date = new Date()
): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const audience = new URL(input.loginUrl).origin.replace(/\/$/, '');
  const claims = base64url(
    JSON.stringify({
      iss: input.clientId,
      sub: input.username,
      aud: audience,
      exp: Math.floor(now.getTime() / 1000) + 180
    })
  );
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${claims}`);
  let signature: Buffer;
  try {
    signature = signer.sign(input.privateKeyPem);
  } catch (e) {
    throw new ConnectionError(`The JWT key file is not a usable RSA private key (${(e as Error).message})`);
  }
  return `${header}.${claims}.${base64url(signature)}`;
}

/** The token endpoint's answer to a bearer grant. */
interface TokenResponse {
  access_token?: string;
  instance_url?: string;
  error?: string;
  error_description?: string;
}

/** Exchanges a JWT assertion for an access token at `<loginUrl>/services/oauth2/token`. */
export async function jwtBearerToken(input: {
  clientId: string;
  username: string;
  privateKeyPem: string;
  loginUrl: string;
}): Promise<{ accessToken: string; instanceUrl: string }> {
  const assertion = jwtAssertion(input);
  const url = new URL('/services/oauth2/token', input.loginUrl).toString();
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion
      }).toString()
    });
  } catch (e) {
    throw new ConnectionError(`No answer from ${url} (${(e as Error).message})`);
  }
  const text = await response.text();
  let body: TokenResponse = {};
  try {
    body = JSON.parse(text) as TokenResponse;
  } catch {
    // fall through: reported below with the status
  }
  if (!response.ok || !body.access_token || !body.instance_url) {
    const why = body.error
      ? `${body.error}${body.error_description ? `: ${body.error_description}` : ''}`
      : `HTTP ${response.status}`;
    throw new ConnectionError(
      `The JWT bearer login for ${input.username} at ${new URL(input.loginUrl).origin} was refused (${why}). ` +
        "Check the client id, the username, that the user is pre-authorised for the connected app and that the app holds the key's certificate."
    );
  }
  return { accessToken: body.access_token, instanceUrl: body.instance_url };
}

/**
 * Opens a jsforce connection: the CLI's stored auth for `targetOrg`, the JWT bearer flow when a
 * client id is given, otherwise SF_INSTANCE_URL + SF_ACCESS_TOKEN from the environment.
 */
export async function connect(
  options: ConnectOptions,
  env: NodeJS.ProcessEnv = process.env
): Promise<Connection> {
  const version = checkApiVersion(options.apiVersion);
  if (options.targetOrg) {
    const { Org } = await import('@salesforce/core');
    let org;
    try {
      org = await Org.create({ aliasOrUsername: options.targetOrg });
      await org.refreshAuth();
    } catch (e) {
      throw new ConnectionError(
        `Cannot use the stored auth of ${options.targetOrg} (${(e as Error).message}): run "sf org login web --alias ${options.targetOrg}"`
      );
    }
    const c = org.getConnection();
    if (!c.accessToken)
      throw new ConnectionError(`No access token stored for ${options.targetOrg}: run sf org login first`);
    return new Connection({ instanceUrl: c.instanceUrl, accessToken: c.accessToken, version });
  }
  if (options.clientId || options.jwtKeyFile || options.username) {
    const missing = [
      ['--client-id', options.clientId],
      ['--username', options.username],
      ['--jwt-key-file', options.jwtKeyFile]
    ]
      .filter(([, v]) => !v)
      .map(([name]) => name);
    if (missing.length) throw new ConnectionError(`The JWT bearer flow needs ${missing.join(', ')} as well`);
    let privateKeyPem: string;
    try {
      privateKeyPem = fs.readFileSync(options.jwtKeyFile as string, 'utf8');
    } catch (e) {
      throw new ConnectionError(
        `Cannot read the JWT key file ${options.jwtKeyFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`
      );
    }
    const token = await jwtBearerToken({
      clientId: options.clientId as string,
      username: options.username as string,
      privateKeyPem,
      loginUrl: options.loginUrl ?? DEFAULT_LOGIN_URL
    });
    return new Connection({ instanceUrl: token.instanceUrl, accessToken: token.accessToken, version });
  }
  const instanceUrl = env.SF_INSTANCE_URL;
  const accessToken = env.SF_ACCESS_TOKEN;
  if (!instanceUrl || !accessToken) {
    throw new ConnectionError(
      'Give --target-org <alias>, or set both SF_INSTANCE_URL and SF_ACCESS_TOKEN, or use the JWT bearer flow (--client-id, --username, --jwt-key-file)'
    );
  }
  // Checked before any use, and never echoed: a swapped pair would put the token in the message.
  if (!isUrl(instanceUrl))
    throw new ConnectionError(
      `SF_INSTANCE_URL is not an http(s) URL (expected e.g. https://mydomain.my.salesforce.com)${isUrl(accessToken) ? ': SF_INSTANCE_URL and SF_ACCESS_TOKEN look swapped' : ''}`
    );
  return new Connection({ instanceUrl, accessToken, version });
}

/** True for an absolute http or https URL. */
export function isUrl(text: string | undefined): boolean {
  if (!text) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !!url.hostname;
  } catch {
    return false;
  }
}

/**
 * Shapes of credentials that must never be printed, whoever passed them: Salesforce session ids
 * (org id, "!", token), bearer headers, JWTs and OAuth token parameters.
 */
const TOKEN_PATTERNS: readonly RegExp[] = [
  /00D[A-Za-z0-9]{12,15}![A-Za-z0-9._\-+/=]+/g,
  /\bBearer\s+[A-Za-z0-9._\-+/=!]{16,}/g,
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
  /\b(access_token|refresh_token|assertion)=[^&\s"']+/gi
];

/**
 * Replaces every occurrence of the given secrets, and anything shaped like a token, in a text
 * (error messages, logs) so a token never reaches a terminal, a CI log or a JSON summary.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 8) out = out.split(s).join('[redacted]');
  }
  for (const pattern of TOKEN_PATTERNS)
    out = out.replace(pattern, (match) => {
      const eq = match.indexOf('=');
      return eq > 0 && /^[a-z_]+=/i.test(match) ? `${match.slice(0, eq + 1)}[redacted]` : '[redacted]';
    });
  return out;
}
