/**
 * Serves the built app (web/build): immutable assets cached for a year, everything else
 * revalidated, precompressed variants when the browser accepts them, and the SPA fallback
 * (index.html) for app routes so a reload of /patients/… works.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export function createStaticHandler(root: string, headers: Record<string, string>): StaticHandler {
  const base = normalize(root) + sep;
  const fileAt = (pathname: string): string | null => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    const candidate = normalize(join(root, decoded));
    if (!candidate.startsWith(base)) return null; // no escaping the build directory
    return existsSync(candidate) && statSync(candidate).isFile() ? candidate : null;
  };

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const pathname = new URL(req.url ?? '/', 'http://relay.invalid').pathname;
    let file = fileAt(pathname);
    // App routes have no file extension: answer with the SPA shell.
    if (!file && !extname(pathname)) file = fileAt('/index.html');
    if (!file) return false;

    const immutable = pathname.startsWith('/_app/immutable/');
    const accepts = String(req.headers['accept-encoding'] ?? '');
    let body = file;
    let encoding: string | null = null;
    if (/\bbr\b/.test(accepts) && existsSync(`${file}.br`)) [body, encoding] = [`${file}.br`, 'br'];
    else if (/\bgzip\b/.test(accepts) && existsSync(`${file}.gz`)) [body, encoding] = [`${file}.gz`, 'gzip'];

    res.statusCode = 200;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.setHeader('Vary', 'Accept-Encoding');
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', statSync(body).size);
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    createReadStream(body).pipe(res);
    return true;
  };
}
