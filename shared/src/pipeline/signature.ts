/**
 * Binding a signature to the exact terms signed (SIG-1 to SIG-6: if the terms change, the
 * signature is void). The terms are plain data (title, paragraphs,
 * figures already formatted); their SHA-256 is stored beside the signature. Anyone can later
 * recompute it: a different fee, a reworded paragraph, a removed option each show the signature
 * void, and stored terms that no longer match their own hash show it tampered.
 *
 * Everything is synchronous and deterministic (lib0's SHA-256, canonical JSON, money formatted
 * by hand), so every device computes the same hash offline.
 */
import { digest } from 'lib0/hash/sha256';
import { encodeUtf8 } from 'lib0/string';
import { canonicalJson } from '../audit/audit-chain.ts';
import type { BindingTerms, SignedTerms } from './case.schema.ts';

/**
 * Deterministic JSON: keys sorted, no whitespace, arrays in order, undefined properties
 * omitted; non-finite numbers, bigints, functions and cycles throw. It is the audit trail's
 * canonical form, re-exported so there is one canonical JSON in the codebase. (It writes an
 * `undefined` array element as `null`, as JSON.stringify does; terms never hold one, since
 * they are schema-valid strings and objects.)
 */
export { canonicalJson };

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** Lowercase hex SHA-256 of the UTF-8 bytes of the terms' canonical JSON. */
export function termsHash(terms: SignedTerms): string {
  return toHex(digest(encodeUtf8(canonicalJson(terms))));
}

/** The same hash of a signature's binding terms (DOC-104). */
export function bindingHash(binding: BindingTerms): string {
  return toHex(digest(encodeUtf8(canonicalJson(binding))));
}

export type SignatureState =
  | { state: 'valid' }
  | { state: 'void'; reason: 'terms-changed' | 'terms-gone' | 'tampered'; message: string };

/**
 * Whether a stored signature still holds. Checked in order: the stored terms must hash to the
 * stored hash (otherwise someone edited the record: nothing else about it can be trusted), the
 * terms must still exist (the option was not removed), and they must be unchanged.
 * `currentTerms` are the terms built now from the current option (`buildTerms`).
 */
export function signatureState(
  signature: { terms: SignedTerms; termsHash: string },
  currentTerms: SignedTerms | null,
): SignatureState {
  let storedHash: string;
  try {
    storedHash = termsHash(signature.terms);
  } catch {
    storedHash = '';
  }
  if (storedHash !== signature.termsHash) {
    return {
      state: 'void',
      reason: 'tampered',
      message: 'The signed terms no longer match their record. Take a new signature.',
    };
  }
  if (currentTerms === null) {
    return {
      state: 'void',
      reason: 'terms-gone',
      message: 'The treatment option this was signed for has been removed.',
    };
  }
  if (termsHash(currentTerms) !== signature.termsHash) {
    return {
      state: 'void',
      reason: 'terms-changed',
      message: 'The terms changed after this was signed. Take a new signature.',
    };
  }
  return { state: 'valid' };
}

/**
 * Whether a version-2 signature still holds (DOC-104): its text must hash to `termsHash` and its
 * binding to `bindingHash` (otherwise the record was edited), the option must still exist, and
 * the binding terms built now must be the ones signed. The text itself is never rebuilt: it is
 * what was signed under the template version of the day, and stays valid when the template
 * changes.
 */
export function boundSignatureState(
  signature: { terms: SignedTerms; termsHash: string; binding?: BindingTerms; bindingHash?: string },
  currentBinding: BindingTerms | null,
): SignatureState {
  let intact: boolean;
  try {
    intact =
      signature.binding !== undefined &&
      termsHash(signature.terms) === signature.termsHash &&
      bindingHash(signature.binding) === signature.bindingHash;
  } catch {
    intact = false;
  }
  if (!intact) {
    return {
      state: 'void',
      reason: 'tampered',
      message: 'The signed terms no longer match their record. Take a new signature.',
    };
  }
  if (currentBinding === null) {
    return {
      state: 'void',
      reason: 'terms-gone',
      message: 'The treatment option this was signed for has been removed.',
    };
  }
  if (bindingHash(currentBinding) !== signature.bindingHash) {
    return {
      state: 'void',
      reason: 'terms-changed',
      message: 'The terms changed after this was signed. Take a new signature.',
    };
  }
  return { state: 'valid' };
}

/** The box signatures are stored in (the `SignaturePath` schema). */
export const SIGNATURE_BOX = { width: 600, height: 200 } as const;

function coordinate(value: number, max: number): string {
  const rounded = Math.round(Math.min(max, Math.max(0, value)) * 10) / 10;
  return rounded.toFixed(1).replace(/\.0$/, '');
}

/**
 * A drawn signature as an SVG path in the 600×200 box. `strokes` are the pen's points in the
 * drawing area's own coordinates, `box` its size. The drawing is scaled by one factor (so
 * letters keep their shape) to fit the box, clamped into it, and rounded to a tenth of a unit,
 * which keeps the path small. Each stroke starts with `M`; a single tap becomes `M x y L x y`
 * so it still draws a dot. Points that repeat the previous one after rounding, and points that
 * are not finite numbers (a glitching input device), are dropped. Null when nothing was drawn
 * or the drawing area has no size.
 *
 * The format (no space after the command letter) is exactly what `SignaturePath` accepts.
 */
export function strokesToPath(
  strokes: readonly (readonly { x: number; y: number }[])[],
  box: { width: number; height: number },
): string | null {
  if (!(box.width > 0 && box.height > 0)) return null;
  const scale = Math.min(SIGNATURE_BOX.width / box.width, SIGNATURE_BOX.height / box.height);
  const parts: string[] = [];
  for (const stroke of strokes) {
    const points: string[] = [];
    for (const { x, y } of stroke) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const point = `${coordinate(x * scale, SIGNATURE_BOX.width)} ${coordinate(y * scale, SIGNATURE_BOX.height)}`;
      if (points[points.length - 1] !== point) points.push(point);
    }
    const first = points[0];
    if (first === undefined) continue;
    parts.push(`M${first}`);
    for (const point of points.length === 1 ? points : points.slice(1)) parts.push(`L${point}`);
  }
  return parts.length === 0 ? null : parts.join(' ');
}
