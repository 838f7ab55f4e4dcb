/**
 * Clinical files at the relay over real HTTP (REC-1 to REC-4): resumable upload, the hash and
 * kind checks, the size caps, the chart's permissions, and the same request hygiene as the
 * account API (AUTH-4, AUTH-5).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_MAX_BYTES } from '@aligned/shared';
import { BLOB_CHUNK_MAX_BYTES } from './blob-routes.ts';
import { startAccountsRelay, type AccountsRelay } from '../test-support/accounts-relay.ts';

const PATIENT = 'pat_blobroutes000001';
let h: AccountsRelay;
let coordinator: string;
let readOnly: string;

beforeAll(async () => {
  h = await startAccountsRelay();
  coordinator = (await h.staff('treatment-coordinator', 'tc-files@example.com')).token;
  readOnly = (await h.staff('read-only', 'ro-files@example.com')).token;
});
afterAll(() => h.stop());

function jpeg(size: number, seed = 7): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 13 + seed) & 0xff;
  out.set([0xff, 0xd8, 0xff, 0xe0]);
  return out;
}
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function put(
  token: string | null,
  hash: string,
  chunk: Uint8Array | string,
  upload: { offset: number; total: number; kind: string },
  headers: Record<string, string> = {},
) {
  const res = await fetch(`http://${h.base}/api/blobs/${PATIENT}/${hash}/upload`, {
    method: 'PUT',
    headers: {
      'Content-Type': 'application/octet-stream',
      'Upload-Offset': String(upload.offset),
      'Upload-Length': String(upload.total),
      'Upload-Kind': upload.kind,
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: chunk,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const get = (token: string | null, path: string) =>
  fetch(`http://${h.base}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

describe('clinical files at the relay', () => {
  it('REC-3: a coordinator uploads a photo in two requests, sees how much arrived in between, and a read-only colleague downloads it', async () => {
    const bytes = jpeg(10_000);
    const hash = sha256(bytes);
    const upload = (offset: number) => ({ offset, total: bytes.length, kind: 'jpeg' });
    expect((await put(coordinator, hash, bytes.subarray(0, 6_000), upload(0))).json).toEqual({
      state: 'partial',
      received: 6_000,
      total: 10_000,
      kind: 'jpeg',
    });
    const state = await get(readOnly, `/api/blobs/${PATIENT}/${hash}/upload`);
    expect(await state.json()).toMatchObject({ state: 'partial', received: 6_000 });
    // A resent or skipped chunk is told where to resume.
    const skipped = await put(coordinator, hash, bytes.subarray(7_000), upload(7_000));
    expect(skipped).toEqual({ status: 409, json: { error: 'conflict', problem: 'Resume at 6000' } });

    const done = await put(coordinator, hash, bytes.subarray(6_000), upload(6_000));
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ state: 'complete', bytes: 10_000, kind: 'jpeg' });

    const file = await get(readOnly, `/api/blobs/${PATIENT}/${hash}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(file.headers.get('cache-control')).toBe('no-store');
    expect(sha256(new Uint8Array(await file.arrayBuffer()))).toBe(hash);
    expect((await get(coordinator, `/api/blobs/pat_blobroutes000002/${hash}`)).status).toBe(404);
  });

  it('REC-4: a role that only reads the chart cannot add a file, and the refusal is in the security log', async () => {
    const bytes = jpeg(500, 1);
    const refused = await put(readOnly, sha256(bytes), bytes, { offset: 0, total: 500, kind: 'jpeg' });
    expect(refused.status).toBe(403);
    const events = await h.store.listEvents(h.owner.practiceId, { kinds: ['permission-refused'] });
    expect(events.some((e) => e.detail === 'chart: add file')).toBe(true);
    expect((await get(null, `/api/blobs/${PATIENT}/${sha256(bytes)}`)).status).toBe(401);
  });

  it('REC-2: a file whose bytes are not the declared kind is refused, naming what it is', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n' + 'x'.repeat(300));
    const asJpeg = await put(coordinator, sha256(pdf), pdf, { offset: 0, total: pdf.length, kind: 'jpeg' });
    expect(asJpeg).toEqual({
      status: 415,
      json: { error: 'bad-request', problem: 'The file is a PDF, not a JPEG' },
    });
    const exe = new TextEncoder().encode('MZ' + '\0'.repeat(300));
    const asPng = await put(coordinator, sha256(exe), exe, { offset: 0, total: exe.length, kind: 'png' });
    expect(asPng.json.problem).toBe('The file is not a PNG');
    const unknownKind = await put(coordinator, sha256(pdf), pdf, {
      offset: 0,
      total: pdf.length,
      kind: 'exe',
    });
    expect(unknownKind.status).toBe(400);
  });

  it('REC-1: bytes that do not hash to the address are refused and nothing is kept', async () => {
    const bytes = jpeg(2_000, 3);
    const wrong = sha256(jpeg(2_000, 4));
    const answer = await put(coordinator, wrong, bytes, { offset: 0, total: 2_000, kind: 'jpeg' });
    expect(answer.status).toBe(422);
    expect(await (await get(coordinator, `/api/blobs/${PATIENT}/${wrong}/upload`)).json()).toEqual({
      state: 'absent',
    });
  });

  it('REC-1: a file over the cap and a request over the chunk limit are refused before they are stored', async () => {
    const bytes = jpeg(1_000, 5);
    const tooBig = await put(coordinator, sha256(bytes), bytes, {
      offset: 0,
      total: RECORD_MAX_BYTES + 1,
      kind: 'jpeg',
    });
    expect(tooBig.status).toBe(413);
    const chunk = jpeg(BLOB_CHUNK_MAX_BYTES + 1, 6);
    const tooLong = await put(coordinator, sha256(chunk), chunk, {
      offset: 0,
      total: chunk.length,
      kind: 'jpeg',
    });
    expect(tooLong.status).toBe(413);
    expect(await (await get(coordinator, `/api/blobs/${PATIENT}/${sha256(chunk)}/upload`)).json()).toEqual({
      state: 'absent',
    });
  });

  it('AUTH-4: a chunk sent as text or from another site is refused; a bad address is a clear 400', async () => {
    const bytes = jpeg(300, 8);
    const hash = sha256(bytes);
    const upload = { offset: 0, total: 300, kind: 'jpeg' };
    expect((await put(coordinator, hash, bytes, upload, { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await put(coordinator, hash, bytes, upload, { Origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect((await get(coordinator, `/api/blobs/${PATIENT}/not-a-hash`)).status).toBe(400);
    expect((await get(coordinator, `/api/blobs/..%2F..%2Fetc/${hash}`)).status).toBe(400);
  });
});
