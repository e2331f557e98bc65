import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

import { requestPath } from './request-target.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves the built console (an SPA: unknown paths without an extension get index.html). */
export function serveStatic(root: string | null, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  if (!root) {
    res
      .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      .end('The console is not built. Run `npm run build`.\n');
    return;
  }
  const target = requestPath(req.url);
  if (!target.ok) {
    res
      .writeHead(400, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' })
      .end(`Bad request: ${target.error}.\n`);
    return;
  }
  const base = resolve(root);
  const path = target.value;
  let file = normalize(join(base, path));
  if (!file.startsWith(base + sep) && file !== base) {
    res.writeHead(403).end();
    return;
  }
  let stat = safeStat(file);
  if (stat?.isDirectory()) {
    file = join(file, 'index.html');
    stat = safeStat(file);
  }
  if (!stat && extname(path) === '') {
    file = join(base, 'index.html');
    stat = safeStat(file);
  }
  if (!stat?.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  const immutable = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': stat.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // a file that vanishes or cannot be read after the stat ends this response, not the process
  const body = createReadStream(file);
  body.once('error', () => res.destroy());
  body.pipe(res);
}

function safeStat(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
