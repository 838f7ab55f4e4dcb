/**
 * Password and PIN rules, checked the same way in the browser (advice beside the field, as the
 * person types) and on the relay (the decision). HIPAA 164.308(a)(5)(ii)(D) asks for password
 * management; the rules follow NIST SP 800-63B rather than composition rules: a minimum length,
 * a generous maximum, and refusing values that are common or that contain the person's own name.
 * No "one uppercase, one digit" rules: they produce `Password1!`, which this policy refuses.
 *
 * The PIN unlocks a device that locked itself after inactivity (automatic logoff); it is only a
 * second, local factor after a full sign-in, so it is short but must not be guessable at a glance.
 */
import { COMMON_PASSWORDS } from './common-passwords.ts';

export { COMMON_PASSWORDS };

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase; bounded so nobody can make the server hash megabytes. */
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'too-short' | 'too-common' | 'contains-personal-info' | 'too-long';

export const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  'too-short': `Use at least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a long password that is easy to remember.`,
  'too-long': `Use at most ${MAX_PASSWORD_LENGTH} characters.`,
  'too-common':
    'This password is one of the most common ones, or an easy pattern, and is among the first an attacker tries. Try a few unrelated words.',
  'contains-personal-info': "Don't use your name or your sign-in name in your password.",
};

export type PasswordPerson = { name?: string; login?: string };

/**
 * Comparisons ignore case, accents and Unicode presentation differences (full-width letters and
 * the like): `MARIA` in a password is María's name, and `ｐａｓｓｗｏｒｄ` is still `password`.
 */
const fold = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** Digits, punctuation, symbols and spaces people tack on to satisfy a rule: `password123!!`. */
const TRAILING_JUNK = /[\d\p{P}\p{S}\s]+$/u;

/** The usual letter-for-symbol swaps, undone so `p@ssw0rd` is recognised as `password`. */
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};
const unleet = (s: string): string => s.replace(/[013457@$]/g, (c) => LEET[c] ?? c);

/**
 * A straight run of characters: `abcdefgh`, `987654`, and for digits also across the wrap
 * (`789012`). Needs at least three characters to mean anything.
 */
export function isStraightRun(s: string): boolean {
  const codes = [...s].map((c) => c.codePointAt(0) ?? 0);
  if (codes.length < 3) return false;
  const digits = /^[0-9]+$/.test(s);
  const stepOf = (a: number, b: number) => (digits ? (b - a + 10) % 10 : b - a);
  const step = stepOf(codes[0]!, codes[1]!);
  const ascending = step === 1;
  const descending = digits ? step === 9 : step === -1;
  if (!ascending && !descending) return false;
  for (let i = 2; i < codes.length; i++) if (stepOf(codes[i - 1]!, codes[i]!) !== step) return false;
  return true;
}

/** `abababab`, `123123123`: the whole value is one short block repeated. */
function isRepeatedBlock(s: string): boolean {
  const chars = [...s];
  for (let size = 1; size <= chars.length / 2; size++) {
    if (chars.length % size !== 0) continue;
    if (chars.every((c, i) => c === chars[i % size])) return true;
  }
  return false;
}

function isCommon(password: string): boolean {
  const folded = fold(password);
  const base = folded.replace(TRAILING_JUNK, '');
  const candidates = [folded, folded.trim(), base, unleet(folded), unleet(base)];
  if (candidates.some((c) => c.length > 0 && COMMON_PASSWORDS.has(c))) return true;
  // Patterns no list can enumerate. Only the whole value: a random password may well end in a
  // short base like `ab` once its trailing digits are removed.
  return new Set(folded).size <= 2 || isStraightRun(folded) || isRepeatedBlock(folded);
}

/** Letter runs of a name or login worth refusing: three letters or more (`Li` would refuse too much). */
function personalParts(person: PasswordPerson | undefined): string[] {
  const parts: string[] = [];
  const addLetterRuns = (s: string) => {
    for (const run of fold(s).split(/[^\p{L}]+/u)) if ([...run].length >= 3) parts.push(run);
  };
  if (person?.login) {
    const local = fold(person.login.split('@')[0] ?? '').trim();
    if ([...local].length >= 3) parts.push(local);
    addLetterRuns(local);
  }
  if (person?.name) addLetterRuns(person.name);
  return parts;
}

/** The first problem with a proposed password, or null when it is acceptable. */
export function checkPassword(password: string, person?: PasswordPerson): PasswordProblem | null {
  // Length in code points, as a person counts characters (NIST 800-63B); an emoji counts once.
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too-short';
  if (length > MAX_PASSWORD_LENGTH) return 'too-long';
  if (isCommon(password)) return 'too-common';
  const folded = fold(password);
  if (personalParts(person).some((part) => folded.includes(part))) return 'contains-personal-info';
  return null;
}

export const MIN_PIN_LENGTH = 6;

export type PinProblem = 'not-digits' | 'too-short' | 'too-simple';

export const PIN_MESSAGES: Record<PinProblem, string> = {
  'not-digits': 'Use digits only.',
  'too-short': `Use at least ${MIN_PIN_LENGTH} digits.`,
  'too-simple': 'Avoid repeated digits and runs like 123456; they are the first ones anyone tries.',
};

/** The first problem with a proposed device-unlock PIN, or null when it is acceptable. */
export function checkPin(pin: string): PinProblem | null {
  if (!/^[0-9]*$/.test(pin)) return 'not-digits';
  if (pin.length < MIN_PIN_LENGTH) return 'too-short';
  // All-same digits are a repeated block of one; `121212` and `123123` are the same trick.
  if (isRepeatedBlock(pin) || isStraightRun(pin)) return 'too-simple';
  return null;
}
