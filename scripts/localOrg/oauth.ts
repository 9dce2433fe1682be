/**
 * The OAuth 2.0 routes of the local org: the identity of a session (`/services/oauth2/userinfo` and
 * the identity URL, which the Salesforce CLI asks for), and the JWT bearer token endpoint
 * (`POST /services/oauth2/token`), so a scheduled job's login can be tested end to end: it checks the
 * RS256 signature against the connected app's certificate (here a public key), the issuer, subject,
 * audience and expiry, and answers with the local org's access token and URL, as Salesforce does.
 */
import { createVerify } from 'node:crypto';
import type { LocalOrgServer, RequestContext } from './server';
import type { Rec } from './store';

/** The connected app the endpoint trusts. */
export interface JwtBearerApp {
  clientId: string;
  /** PEM public key (or certificate) matching the job's private key. */
  publicKeyPem: string;
  /** Usernames pre-authorised for the app. */
  usernames: string[];
  /** Accepted audiences (default: the local org's own URL and login.salesforce.com). */
  audiences?: string[];
  /** The token and URL handed out. */
  accessToken: string;
  instanceUrl: string;
}

function readForm(ctx: RequestContext): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    ctx.req.on('data', (c: Buffer) => chunks.push(c));
    ctx.req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    ctx.req.on('error', reject);
  });
}

const refuse = (error: string, description: string): { status: number; body: unknown } => ({
  status: 400,
  body: { error, error_description: description }
});

/** Mounts the token endpoint on a running local org's server (no session needed, like Salesforce). */
export function mountJwtBearer(
  server: LocalOrgServer,
  app: JwtBearerApp,
  now: () => Date = () => new Date()
): void {
  server.route(
    'POST',
    '/services/oauth2/token',
    async (ctx) => {
      const form = await readForm(ctx);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
        return refuse('unsupported_grant_type', 'grant type not supported');
      const parts = (form.get('assertion') ?? '').split('.');
      if (parts.length !== 3) return refuse('invalid_grant', 'invalid assertion');
      const [header, claims, signature] = parts;
      const verifier = createVerify('RSA-SHA256');
      verifier.update(`${header}.${claims}`);
      let valid = false;
      try {
        valid = verifier.verify(app.publicKeyPem, Buffer.from(signature, 'base64url'));
      } catch {
        valid = false;
      }
      if (!valid) return refuse('invalid_grant', 'invalid assertion');
      let body: { iss?: string; sub?: string; aud?: string; exp?: number };
      try {
        body = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as typeof body;
      } catch {
        return refuse('invalid_grant', 'invalid assertion');
      }
      if (body.iss !== app.clientId) return refuse('invalid_client_id', 'client identifier invalid');
      const audiences = app.audiences ?? [app.instanceUrl, 'https://login.salesforce.com'];
      if (!body.aud || !audiences.includes(body.aud)) return refuse('invalid_grant', 'audience is invalid');
      if (!body.exp || body.exp * 1000 < now().getTime())
        return refuse('invalid_grant', 'expired authorization code');
      if (!body.sub || !app.usernames.includes(body.sub))
        return refuse('invalid_grant', "user hasn't approved this consumer");
      // the token acts as the assertion's user, with that user's permission sets and sharing
      let token: string;
      try {
        token = server.sessions.tokenFor(body.sub);
      } catch {
        return refuse('invalid_grant', 'user is not active or does not exist in this org');
      }
      return {
        status: 200,
        body: {
          access_token: token,
          scope: 'api',
          instance_url: app.instanceUrl,
          id: `${app.instanceUrl}/id/00D/005`,
          token_type: 'Bearer'
        }
      };
    },
    { auth: false }
  );
}

/** Mounts userinfo and the identity URL: who the session's user is (clients ask before they work). */
export function mountIdentity(server: LocalOrgServer): void {
  const store = server.store;
  const identity = (): Record<string, unknown> => {
    const user = store.get('User', store.currentUserId) as Rec;
    const orgId = store.organizationId;
    return {
      sub: `${server.url}/id/${orgId}/${store.currentUserId}`,
      user_id: store.currentUserId,
      organization_id: orgId,
      preferred_username: user.Username,
      username: user.Username,
      name: user.Name,
      email: user.Email,
      active: user.IsActive,
      urls: {
        rest: `${server.url}/services/data/v{version}/`,
        query: `${server.url}/services/data/v{version}/query/`
      }
    };
  };
  server.route('GET', '/services/oauth2/userinfo', () => ({ status: 200, body: identity() }));
  server.route('GET', '/id/:orgId/:userId', () => ({
    status: 200,
    body: { ...identity(), id: identity().sub }
  }));
}
