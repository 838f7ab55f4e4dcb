/**
 * Clinical files over HTTP (REC-1 to REC-4), beside the sync endpoint:
 *
 *   GET /api/blobs/:patientId/:hash          the file's bytes (chart read permission)
 *   GET /api/blobs/:patientId/:hash/upload   { state, received?, total?, kind?, bytes? } (chart read)
 *   PUT /api/blobs/:patientId/:hash/upload   a chunk, application/octet-stream (chart write), with
 *        Upload-Offset (where it starts), Upload-Length (the whole file), Upload-Kind (jpeg, png, …)
 *
 * A file belongs to a patient's chart, so the chart's permission decides (read-only roles view,
 * writers add). The first chunk must show the declared kind (REC-2); the whole must hash to the
 * address (REC-1) and stay under the cap. A dropped upload resumes from `received` (REC-3).
 * Tokens in the `Authorization` header only (AUTH-5); PUT is octet-stream, which like JSON
 * needs a CORS preflight no other site is granted (AUTH-4).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  BlobHash,
  checkFileKind,
  chartDocName,
  FILE_KIND_MEDIA_TYPES,
  FileKind,
  Id,
  permissionOf,
  RECORD_MAX_BYTES,
  SNIFF_BYTES,
  type DocAddress,
  type DocPermission,
} from '@aligned/shared';
import type { Authorizer, Principal } from '../auth/authorizer.ts';
import type { BlobKey, BlobStore } from '../blobs/blob-store.ts';
import { sendError, sendJson } from './http-json.ts';

/** The most one request may carry: a phone's upload over a weak link should not start over from 0. */
export const BLOB_CHUNK_MAX_BYTES = 4 * 1024 * 1024;

const PATH = /^\/api\/blobs\/([^/]+)\/([^/]+)(\/upload)?$/;

export function createBlobRoutes(options: {
  authorizer: Pick<Authorizer, 'authenticate'>;
  blobs: BlobStore;
  /** A refused request, for the security log (ids only). */
  onRefused?: (principal: Principal, docName: string, reason: string) => void;
  now?: () => Date;
}) {
  const now = options.now ?? (() => new Date());

  function permission(principal: Principal, patientId: string): DocPermission {
    const address: DocAddress = { practiceId: principal.practiceId, kind: 'chart', key: patientId };
    return principal.permission ? principal.permission(address) : permissionOf(principal.access(address));
  }

  return async function route(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const match = PATH.exec(pathname);
    if (!match) return false;
    const method = req.method ?? 'GET';
    const patientId = Id.safeParse(decodeURIComponent(match[1]!));
    const hash = BlobHash.safeParse(decodeURIComponent(match[2]!));
    const upload = match[3] !== undefined;
    if (!(method === 'GET' || (method === 'PUT' && upload))) {
      sendError(res, 405, { error: 'bad-request', problem: 'GET, or PUT to …/upload' });
      return true;
    }
    if (!patientId.success || !hash.success) {
      sendError(res, 400, { error: 'bad-request', problem: 'A patient id and a SHA-256 in lowercase hex' });
      return true;
    }
    const principal = await options.authorizer.authenticate(req);
    if (!principal) {
      sendError(res, 401, { error: 'unauthenticated' });
      return true;
    }
    const allowed = permission(principal, patientId.data);
    const writing = method === 'PUT';
    if (writing ? allowed.write !== 'all' : !allowed.read) {
      options.onRefused?.(
        principal,
        chartDocName(principal.practiceId, patientId.data),
        writing ? 'add file' : 'read file',
      );
      sendError(res, 403, { error: 'forbidden' });
      return true;
    }
    const key: BlobKey = { practiceId: principal.practiceId, patientId: patientId.data, hash: hash.data };

    if (!writing && upload) {
      const state = await options.blobs.state(key);
      sendJson(res, 200, state.state === 'complete' ? { state: 'complete', ...state.info } : state);
      return true;
    }
    if (!writing) {
      const file = await options.blobs.read(key);
      if (!file) {
        sendError(res, 404, { error: 'not-found' });
        return true;
      }
      res.writeHead(200, {
        'Content-Type': FILE_KIND_MEDIA_TYPES[file.info.kind],
        'Content-Length': String(file.bytes.length),
        // Patient files never go to a shared or disk HTTP cache; the app keeps its own copy.
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Content-Disposition': 'attachment',
      });
      res.end(file.bytes);
      return true;
    }
    return put(req, res, key);
  };

  async function put(req: IncomingMessage, res: ServerResponse, key: BlobKey): Promise<boolean> {
    const offset = Number(req.headers['upload-offset']);
    const total = Number(req.headers['upload-length']);
    const kind = FileKind.safeParse(req.headers['upload-kind']);
    if (
      !Number.isSafeInteger(offset) ||
      offset < 0 ||
      !Number.isSafeInteger(total) ||
      total < 1 ||
      !kind.success
    ) {
      sendError(res, 400, {
        error: 'bad-request',
        problem: `Upload-Offset, Upload-Length (1 or more) and Upload-Kind (${FileKind.options.join(', ')})`,
      });
      return true;
    }
    if (total > RECORD_MAX_BYTES) {
      sendError(res, 413, {
        error: 'bad-request',
        problem: `Files are limited to ${RECORD_MAX_BYTES / 1024 / 1024} MB`,
      });
      return true;
    }
    const chunk = await readChunk(req, res);
    if (!chunk) return true;
    if (offset === 0) {
      const head = chunk.subarray(0, SNIFF_BYTES);
      if (chunk.length < Math.min(SNIFF_BYTES, total)) {
        sendError(res, 400, {
          error: 'bad-request',
          problem: `The first chunk must hold the first ${SNIFF_BYTES} bytes`,
        });
        return true;
      }
      const check = checkFileKind(kind.data, head, total);
      if (!check.ok) {
        sendError(res, 415, {
          error: 'bad-request',
          problem: check.found
            ? `The file is a ${check.found.toUpperCase()}, not a ${kind.data.toUpperCase()}`
            : `The file is not a ${kind.data.toUpperCase()}`,
        });
        return true;
      }
    }
    const result = await options.blobs.append(key, { offset, total, kind: kind.data }, chunk, now());
    if (result.ok) {
      const state = result.value;
      sendJson(res, 200, state.state === 'complete' ? { state: 'complete', ...state.info } : state);
      return true;
    }
    const failure = result.error;
    if (failure.reason === 'offset-mismatch') {
      sendError(res, 409, { error: 'conflict', problem: `Resume at ${failure.received}` });
    } else if (failure.reason === 'hash-mismatch') {
      sendError(res, 422, {
        error: 'bad-request',
        problem: 'The bytes do not match the file’s address; send it again',
      });
    } else if (failure.reason === 'upload-differs') {
      sendError(res, 409, {
        error: 'conflict',
        problem: 'Another upload of this file is under way with another length or kind',
      });
    } else {
      sendError(res, 400, { error: 'bad-request', problem: 'The chunk runs past Upload-Length' });
    }
    return true;
  }
}

async function readChunk(req: IncomingMessage, res: ServerResponse): Promise<Uint8Array | null> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const part of req) {
      size += (part as Buffer).length;
      if (size > BLOB_CHUNK_MAX_BYTES) {
        sendError(res, 413, {
          error: 'bad-request',
          problem: `Send at most ${BLOB_CHUNK_MAX_BYTES} bytes a request`,
        });
        req.destroy();
        return null;
      }
      parts.push(part as Buffer);
    }
  } catch {
    sendError(res, 400, { error: 'bad-request' });
    return null;
  }
  return new Uint8Array(Buffer.concat(parts));
}
