/**
 * What a clinical file is, judged by its bytes (REC-2): the kinds a practice keeps (photos and
 * x-rays as JPEG or PNG, DICOM x-rays, STL intraoral scans, PDFs), the size cap (REC-1), and the
 * content address every file is stored under. A declared kind that its first bytes contradict is
 * refused, so a renamed executable never becomes a "photo" on a colleague's screen.
 */
import { z } from 'zod';

export const FILE_KINDS = ['jpeg', 'png', 'pdf', 'dicom', 'stl'] as const;
export const FileKind = z.enum(FILE_KINDS);
export type FileKind = z.infer<typeof FileKind>;

/** REC-1: the largest file a practice may add (a CBCT export or a long scan fits; a video does not). */
export const RECORD_MAX_BYTES = 50 * 1024 * 1024;

/** The SHA-256 of the file's bytes, lowercase hex: its address in the blob store (REC-1). */
export const BlobHash = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lowercase hex');
export type BlobHash = z.infer<typeof BlobHash>;

export const FILE_KIND_MEDIA_TYPES: Record<FileKind, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
  dicom: 'application/dicom',
  stl: 'model/stl',
};

/** How many leading bytes `sniffFileKind` needs to decide (DICOM's preamble and magic). */
export const SNIFF_BYTES = 132;

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * The kind the bytes show, or null. Binary STL has no magic number: it is recognised by its
 * header being followed by a triangle count that matches the length, which needs `totalBytes`.
 */
export function sniffFileKind(head: Uint8Array, totalBytes = head.length): FileKind | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, ascii('%PDF-'))) return 'pdf';
  if (startsWith(head, ascii('DICM'), 128)) return 'dicom';
  if (startsWith(head, ascii('solid'))) return 'stl';
  if (head.length >= 84) {
    const triangles = new DataView(head.buffer, head.byteOffset + 80, 4).getUint32(0, true);
    if (triangles > 0 && 84 + triangles * 50 === totalBytes) return 'stl';
  }
  return null;
}

export type KindCheck = { ok: true } | { ok: false; found: FileKind | null };

/** REC-2: the declared kind must be what the bytes show. */
export function checkFileKind(declared: FileKind, head: Uint8Array, totalBytes: number): KindCheck {
  const found = sniffFileKind(head, totalBytes);
  return found === declared ? { ok: true } : { ok: false, found };
}
