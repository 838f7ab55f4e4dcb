/**
 * Small helpers for the relay's JSON API: bounded body reading, validation with the shared
 * schemas, and answers with the security headers. Nothing here logs bodies (they hold passwords).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { ApiError } from '@aligned/shared/protocol';

export const MAX_BODY_BYTES = 16 * 1024;

export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

export function sendError(res: ServerResponse, status: number, error: ApiError): void {
  sendJson(res, status, error);
}

/** Reads and validates a JSON body; answers 400/413 itself and returns null when it is bad. */
export async function readBody<S extends z.ZodType>(
  req: IncomingMessage,
  res: ServerResponse,
  schema: S,
): Promise<z.output<S> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        sendError(res, 413, { error: 'bad-request', problem: 'Request too large' });
        req.destroy();
        return null;
      }
      chunks.push(chunk as Buffer);
    }
  } catch {
    sendError(res, 400, { error: 'bad-request' });
    return null;
  }
  let json: unknown;
  try {
    json = chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    sendError(res, 400, { error: 'bad-request', problem: 'Not JSON' });
    return null;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    sendError(res, 400, {
      error: 'bad-request',
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    });
    return null;
  }
  return parsed.data as z.output<S>;
}

/** The bearer token of a request (`Authorization: Bearer …`); never read from the URL (AUTH-5). */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || null;
  return null;
}
