/**
 * Serves the preview: the Lightning Experience shell at `/lightning/...` with SLDS, and
 * `/services/data/...` forwarded to the org with the chosen persona's access token added on the
 * server side, so no token ever reaches the browser. The persona is chosen by a cookie
 * (`POST /__preview/persona`, or `?persona=` on a page address).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { OUT_DIR, ROOT } from './build';
import { PersonaSessions, type PersonaInfo } from './sessions';

const SLDS = join(ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
const COOKIE = 'preview_persona';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.png': 'image/png',
  '.html': 'text/html; charset=utf-8'
};

/** What the page learns about its session: who it is and whom it may switch to; never a token. */
export interface PageContext {
  persona: string;
  userId: string;
  userName: string;
  customPermissions: string[];
  /** Tabs the navigation bar shows; absent for the administrator, who sees them all. */
  tabs?: string[];
  personas: Omit<PersonaInfo, 'username'>[];
}

/** The page for every app address, with its session context as inert JSON. */
export function pageHtml(context: PageContext): string {
  // JSON inside a script element: escape '<' so no value can close the element.
  const json = JSON.stringify(context).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sales Competency preview</title>
<link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css">
<link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system_touch.min.css">
<style>body { background: #f3f3f3; margin: 0; } #root { min-height: 100vh; }</style>
</head>
<body class="slds-scope">
<script type="application/json" id="preview-context">${json}</script>
<div id="root"></div>
<script src="/app.js"></script>
</body>
</html>`;
}

/** Where the preview forwards API calls. */
export interface PreviewOptions {
  orgUrl: string;
  /** The administrator's session: opens the personas' sessions; stays on the server. */
  accessToken: string;
  port?: number;
}

/** A running preview. */
export interface Preview {
  url: string;
  server: Server;
  sessions: PersonaSessions;
}

function sendFile(res: ServerResponse, file: string): void {
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}

/** A file under base, or undefined when the path escapes it or does not exist. */
function safeFile(base: string, path: string): string | undefined {
  const file = normalize(join(base, decodeURIComponent(path)));
  if (!file.startsWith(base) || !existsSync(file) || !statSync(file).isFile()) return undefined;
  return file;
}

/** The persona the request's cookie names (admin when none). */
export function cookiePersona(req: IncomingMessage): string {
  const cookies = (req.headers.cookie ?? '').split(';').map((c) => c.trim().split('='));
  const hit = cookies.find(([k]) => k === COOKIE);
  return hit?.[1] ? decodeURIComponent(hit[1]) : 'admin';
}

function setCookie(res: ServerResponse, persona: string): void {
  res.setHeader('Set-Cookie', `${COOKIE}=${encodeURIComponent(persona)}; Path=/; HttpOnly; SameSite=Strict`);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function forward(
  req: IncomingMessage,
  res: ServerResponse,
  orgUrl: string,
  token: string
): Promise<void> {
  const body = await readBody(req);
  const response = await fetch(new URL(req.url ?? '/', orgUrl), {
    method: req.method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body)
  });
  res.writeHead(response.status, {
    'Content-Type': response.headers.get('content-type') ?? 'application/json'
  });
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** Starts the preview server; the app is at `<url>lightning/page/home`. */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const sessions = new PersonaSessions(options.orgUrl, options.accessToken);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://preview');
    const path = url.pathname;
    if (path.startsWith('/services/data/')) {
      const key = cookiePersona(req);
      if (!(await sessions.persona(key))) {
        return sendJson(res, 401, [
          { errorCode: 'INVALID_SESSION_ID', message: `No persona ${key} in this org` }
        ]);
      }
      return forward(req, res, options.orgUrl, await sessions.tokenFor(key));
    }
    if (path === '/__preview/persona' && req.method === 'POST') {
      let key: unknown;
      try {
        key = (JSON.parse((await readBody(req)).toString('utf8')) as { persona?: unknown }).persona;
      } catch {
        return sendJson(res, 400, { message: 'The body must be JSON: {"persona": "<key>"}' });
      }
      const persona = typeof key === 'string' ? await sessions.persona(key) : undefined;
      if (!persona) {
        const known = (await sessions.personas()).map((p) => p.key).join(', ');
        return sendJson(res, 400, { message: `Unknown persona ${String(key)}; this org offers ${known}` });
      }
      await sessions.tokenFor(persona.key); // fail here, not on the next data request
      setCookie(res, persona.key);
      return sendJson(res, 200, { persona: persona.key, userId: persona.userId });
    }
    if (path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (path === '/' || path === '/index.html') {
      res.writeHead(302, { Location: '/lightning/page/home' });
      res.end();
      return;
    }
    if (path === '/lightning' || path.startsWith('/lightning/')) {
      const asked = url.searchParams.get('persona');
      const key = asked ?? cookiePersona(req);
      const personas = await sessions.personas();
      const persona = personas.find((p) => p.key === key);
      if (!persona) {
        res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`Unknown persona ${key}; this org offers ${personas.map((p) => p.key).join(', ')}`);
        return;
      }
      await sessions.tokenFor(persona.key);
      if (asked) {
        // Remember the persona and drop it from the address, so a reload keeps a later switch.
        setCookie(res, persona.key);
        url.searchParams.delete('persona');
        res.writeHead(302, { Location: `${url.pathname}${url.search}` });
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-store' });
      res.end(
        pageHtml({
          persona: persona.key,
          userId: persona.userId,
          userName: persona.name,
          customPermissions: await sessions.customPermissions(persona.key),
          tabs: await sessions.visibleTabs(persona.key),
          personas: personas.map(({ key: k, label, name, userId }) => ({ key: k, label, name, userId }))
        })
      );
      return;
    }
    const file =
      path === '/app.js'
        ? join(OUT_DIR, 'app.js')
        : path.startsWith('/assets/')
          ? safeFile(SLDS, path.slice('/assets/'.length))
          : undefined;
    if (file && existsSync(file)) return sendFile(res, file);
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.end();
      sendJson(res, 502, [
        { errorCode: 'BAD_GATEWAY', message: error instanceof Error ? error.message : String(error) }
      ]);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server, sessions };
}
