import { describe, expect, it } from 'vitest';
import { checkFileKind, sniffFileKind, SNIFF_BYTES } from './file-kind.ts';

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

/** A binary STL: 80-byte header, a triangle count, 50 bytes per triangle. */
function binaryStl(triangles: number): Uint8Array {
  const out = new Uint8Array(84 + triangles * 50);
  new DataView(out.buffer).setUint32(80, triangles, true);
  return out;
}

describe('sniffFileKind (REC-2)', () => {
  it('REC-2: recognises JPEG, PNG, PDF, DICOM and both kinds of STL by their bytes', () => {
    expect(sniffFileKind(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toBe('jpeg');
    expect(sniffFileKind(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('png');
    expect(sniffFileKind(bytes('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffFileKind(bytes(new Array<number>(128).fill(0), 'DICM', [2, 0]))).toBe('dicom');
    expect(sniffFileKind(bytes('solid upper_arch\n facet normal 0 0 1'))).toBe('stl');
    expect(sniffFileKind(binaryStl(3))).toBe('stl');
    expect(SNIFF_BYTES).toBe(132);
  });

  it('REC-2: knows nothing of other bytes, a truncated header, or a binary STL whose length does not match its count', () => {
    expect(sniffFileKind(bytes('MZ\x90\x00'))).toBeNull();
    expect(sniffFileKind(bytes('<html>'))).toBeNull();
    expect(sniffFileKind(bytes([0xff, 0xd8]))).toBeNull();
    expect(sniffFileKind(new Uint8Array(0))).toBeNull();
    const stl = binaryStl(3);
    expect(sniffFileKind(stl.subarray(0, SNIFF_BYTES), stl.length)).toBe('stl');
    expect(sniffFileKind(stl, stl.length + 1)).toBeNull();
  });
});

describe('checkFileKind (REC-2)', () => {
  it('REC-2: accepts a declared kind the bytes show and names what they show otherwise', () => {
    const pdf = bytes('%PDF-1.4');
    expect(checkFileKind('pdf', pdf, pdf.length)).toEqual({ ok: true });
    expect(checkFileKind('jpeg', pdf, pdf.length)).toEqual({ ok: false, found: 'pdf' });
    expect(checkFileKind('png', bytes('MZ'), 2)).toEqual({ ok: false, found: null });
  });
});
