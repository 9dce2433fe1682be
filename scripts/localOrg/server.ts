/**
 * The local org's HTTP layer: a small route table over node:http with Salesforce's session check,
 * API call counting (Sforce-Limit-Info), fault injection and Salesforce-shaped JSON errors.
 * Other modules (REST, Bulk 2.0, GraphQL) mount their handlers with `route()`.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runAsActor, type Actor } from './access/context';
import { Sessions } from './access/sessions';
import { Faults, type FaultRule } from './faults';
import { SfError, sfError, type Store } from './store';

/** What a handler sees of one request. */
export interface RequestContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  method: string;
  url: URL;
  /** Named path parameters (:type, :id...). `version` holds the API version without the leading v. */
  params: Record<string, string>;
  store: Store;
  /** The bearer token the request came with (empty on routes without a session check). */
  token: string;
  /** Who the request acts as (the administrator on routes without a session check). */
  actor: Actor;
  /** Reads and parses the JSON body (JSON_PARSER_ERROR on bad JSON); undefined when empty. */
  json: () => Promise<unknown>;
}

/** A JSON reply; a handler that streams its own response returns nothing. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A route handler. */
export type Handler = (ctx: RequestContext) => Promise<Reply | void> | Reply | void;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
  auth: boolean;
  control: boolean;
}

/** Options for the HTTP server. */
export interface ServerOptions {
  store: Store;
  accessToken: string;
  faults?: Faults;
  /** Daily API request allocation reported in Sforce-Limit-Info and /limits. */
  apiLimit?: number;
  /** Logs one line per request when set. */
  log?: (line: string) => void;
}

/** Compiles '/services/data/:version/sobjects/:type' to a regular expression with named groups. */
function compile(pattern: string): { re: RegExp; names: string[] } {
  const names: string[] = [];
  const src = pattern
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        const name = part.slice(1);
        names.push(name);
        return name === 'version' ? 'v(\\d+\\.\\d)' : '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { re: new RegExp(`^${src}/?$`), names };
}

/** The HTTP server of a local org. */
export class LocalOrgServer {
  readonly faults: Faults;
  readonly store: Store;
  /** API calls counted so far (every authenticated request). */
  apiUsed = 0;
  apiLimit: number;
  private readonly routes: Route[] = [];
  private readonly server: http.Server;
  /** Access tokens and the users they act as. */
  readonly sessions: Sessions;
  private readonly log?: (line: string) => void;

  constructor(options: ServerOptions) {
    this.store = options.store;
    this.sessions = new Sessions(this.store, options.accessToken, this.store.currentUserId);
    this.faults = options.faults ?? new Faults();
    this.apiLimit = options.apiLimit ?? 100_000;
    this.log = options.log;
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent)
          this.send(res, { status: 500, body: [{ message: String(err), errorCode: 'UNKNOWN_EXCEPTION' }] });
        else res.destroy();
      });
    });
    this.server.keepAliveTimeout = 5000;
  }

  /**
   * Mounts a handler; `auth: false` skips the session check (the versions list); `control: true` marks a
   * test-control route that faults and API counting leave alone. Earlier routes win.
   */
  route(
    method: string,
    pattern: string,
    handler: Handler,
    options: { auth?: boolean; control?: boolean } = {}
  ): void {
    const { re, names } = compile(pattern);
    this.routes.push({
      method: method.toUpperCase(),
      pattern: re,
      names,
      handler,
      auth: options.auth !== false,
      control: options.control === true
    });
  }

  /** Starts listening on a loopback port (0 = any free port); resolves to the base URL. */
  listen(port = 0, host = '127.0.0.1'): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const addr = this.server.address() as AddressInfo;
        this.url = `http://${host}:${addr.port}`;
        resolve(this.url);
      });
    });
  }

  /** Stops the server and drops idle keep-alive connections. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** The base URL once listening (empty before). */
  url = '';

  /** The Sforce-Limit-Info header value. */
  limitInfo(): string {
    return `api-usage=${this.apiUsed}/${this.apiLimit}`;
  }

  private send(res: http.ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    let payload: string | undefined;
    if (reply.body !== undefined) {
      payload = JSON.stringify(reply.body);
      headers['Content-Type'] ??= 'application/json;charset=UTF-8';
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    // a client joining 'http://host/' and '/services/...' sends '//services/...': treat it as one slash
    const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), 'http://localhost');
    const started = Date.now();
    res.on('finish', () =>
      this.log?.(
        `${method} ${url.pathname}${url.search.slice(0, 200)} ${res.statusCode} ${Date.now() - started}ms`
      )
    );
    let route: Route | undefined;
    let match: RegExpExecArray | null = null;
    let methodMismatch = false;
    for (const r of this.routes) {
      const m = r.pattern.exec(url.pathname);
      if (!m) continue;
      if (r.method !== method) {
        methodMismatch = true;
        continue;
      }
      route = r;
      match = m;
      break;
    }
    const token = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const actor = this.sessions.resolve(token);
    if (route?.auth !== false) {
      if (!actor) {
        await drain(req);
        return this.send(res, {
          status: 401,
          body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]
        });
      }
    }
    const headerFault = String(req.headers['x-local-org-fault'] ?? '');
    const control = route?.control === true;
    const injected = control
      ? { delayMs: 0, failure: undefined }
      : this.faults.takeRequest(method, url.pathname);
    const slow = /^slow=(\d+)$/.exec(headerFault);
    const delay = injected.delayMs + (slow ? Number(slow[1]) : 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const failure = control
      ? undefined
      : (injected.failure ??
        (
          {
            'expired-session': 'expiredSession',
            'request-limit': 'requestLimit',
            unavailable: 'unavailable'
          } as const
        )[headerFault as 'expired-session']);
    if (failure === 'expiredSession') {
      await drain(req);
      return this.send(res, {
        status: 401,
        body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]
      });
    }
    if (route?.auth !== false && !control) this.apiUsed++;
    const limitHeaders = { 'Sforce-Limit-Info': this.limitInfo() };
    if (failure === 'requestLimit' || (route?.auth !== false && !control && this.apiUsed > this.apiLimit)) {
      await drain(req);
      return this.send(res, {
        status: 403,
        headers: limitHeaders,
        body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]
      });
    }
    if (failure === 'unavailable') {
      await drain(req);
      return this.send(res, {
        status: 503,
        headers: limitHeaders,
        body: [{ message: 'Service temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }]
      });
    }
    if (!route || !match) {
      await drain(req);
      return this.send(res, {
        status: methodMismatch ? 405 : 404,
        headers: limitHeaders,
        body: [
          methodMismatch
            ? {
                message: `HTTP Method '${method}' not allowed. Allowed are GET,PATCH,DELETE,POST`,
                errorCode: 'METHOD_NOT_ALLOWED'
              }
            : { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }
        ]
      });
    }
    const params: Record<string, string> = {};
    route.names.forEach((n, i) => (params[n] = decodeURIComponent(match[i + 1])));
    res.setHeader('Sforce-Limit-Info', this.limitInfo());
    const ctx: RequestContext = {
      req,
      res,
      method,
      url,
      params,
      store: this.store,
      token,
      actor: actor ?? (this.sessions.resolve(this.sessions.adminToken) as Actor),
      json: async () => {
        const text = await readBody(req);
        if (!text.trim()) return undefined;
        try {
          return JSON.parse(text) as unknown;
        } catch (e) {
          throw sfError(
            400,
            'JSON_PARSER_ERROR',
            `Unexpected character in the request body: ${(e as Error).message}`
          );
        }
      }
    };
    try {
      const handler = route.handler;
      const reply = await runAsActor(ctx.actor, () => handler(ctx));
      if (reply) this.send(res, reply);
    } catch (err) {
      if (res.headersSent) {
        res.destroy(err as Error);
        return;
      }
      if (err instanceof SfError) return this.send(res, { status: err.status, body: err.errors });
      throw err;
    }
  }

  /** Applies a list of fault rules (from the CLI's environment or the control endpoint). */
  addFaults(rules: FaultRule[]): void {
    for (const r of rules) this.faults.add(r);
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function drain(req: http.IncomingMessage): Promise<void> {
  if (req.readableEnded) return;
  await readBody(req);
}
