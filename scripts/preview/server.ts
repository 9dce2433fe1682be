/**
 * Serves the browser build of the components with SLDS and forwards `/services/...` calls to an
 * org (the local org in the demo), adding the access token on the server side so it never
 * reaches the browser.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { OUT_DIR, ROOT } from './build';

const SLDS = join(ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.png': 'image/png',
  '.html': 'text/html; charset=utf-8'
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sales Competency preview</title>
<link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css">
<style>body { background: #f3f3f3; padding: 1rem; } #root { max-width: 56rem; margin: 0 auto; }</style>
</head>
<body class="slds-scope"><div id="root"></div><script src="/app.js"></script></body>
</html>`;

/** Where the preview forwards API calls. */
export interface PreviewOptions {
  orgUrl: string;
  accessToken: string;
  port?: number;
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

async function forward(req: IncomingMessage, res: ServerResponse, options: PreviewOptions): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const response = await fetch(new URL(req.url ?? '/', options.orgUrl), {
    method: req.method,
    headers: { Authorization: `Bearer ${options.accessToken}`, 'Content-Type': 'application/json' },
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks)
  });
  res.writeHead(response.status, {
    'Content-Type': response.headers.get('content-type') ?? 'application/json'
  });
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** Starts the preview server; the page is at the returned URL, `?c=<tag>` picks the component. */
export async function startPreview(options: PreviewOptions): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://preview').pathname;
    if (path.startsWith('/services/')) {
      forward(req, res, options).catch((error: unknown) => {
        res.writeHead(502, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify([
            { errorCode: 'BAD_GATEWAY', message: error instanceof Error ? error.message : String(error) }
          ])
        );
      });
      return;
    }
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'Content-Type': TYPES['.html'] });
      res.end(PAGE);
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
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server };
}
