/**
 * Record ids: `<prefix>_<random>`. The prefix names the kind so an id in a log line
 * or a document name says what it points at; the random part carries no PHI.
 * 16 base32 characters = 80 bits, so ids minted offline on different devices never collide.
 */

declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export const ID_PREFIXES = {
  practice: 'prc',
  location: 'loc',
  staff: 'stf',
  patient: 'pat',
  family: 'fam',
  party: 'rp',
  link: 'lnk',
  device: 'dev',
  case: 'cas',
  caseEvent: 'cev',
  option: 'opt',
  signature: 'sig',
  comm: 'com',
  task: 'tsk',
  referrer: 'ref',
  template: 'tpl',
  documentTemplate: 'dtp',
  carrier: 'car',
  policy: 'pol',
  verification: 'bv',
  preauth: 'pa',
  claimEvent: 'cle',
  schedule: 'isc',
  contract: 'ctr',
  amendment: 'amd',
  ledgerEntry: 'lge',
  chair: 'chr',
  appointmentType: 'atp',
  appointment: 'apt',
  merge: 'mrg',
  labOrder: 'lab',
  labStep: 'lbs',
  medicalAlert: 'mal',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export function randomToken(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${randomToken()}`;
}
