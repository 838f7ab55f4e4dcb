import { describe, expect, it } from 'vitest';
import {
  checkPassword,
  checkPin,
  COMMON_PASSWORDS,
  isStraightRun,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  PASSWORD_MESSAGES,
  type PasswordProblem,
} from './password-policy.ts';

const GOOD = 'velvet canoe pepper lamp';

describe('AUTH-1: passwords', () => {
  it('accept a long passphrase of unrelated words', () => {
    expect(checkPassword(GOOD)).toBeNull();
    expect(checkPassword('Tq8#vZr2!mPw', { name: 'Maria Garcia', login: 'mgarcia@example.com' })).toBeNull();
  });

  it('must have at least 12 characters, counted as a person counts them', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(checkPassword('')).toBe('too-short');
    expect(checkPassword('Tq8#vZr2!mP')).toBe('too-short');
    expect(checkPassword('Tq8#vZr2!mPw')).toBeNull();
    // Eleven emoji are 22 UTF-16 code units but still eleven characters.
    expect(checkPassword('🦷'.repeat(11))).toBe('too-short');
  });

  it('may have at most 256 characters', () => {
    const long = 'velvet canoe pepper lamp '.repeat(11);
    expect(checkPassword(long.slice(0, MAX_PASSWORD_LENGTH))).toBeNull();
    expect(checkPassword(long.slice(0, MAX_PASSWORD_LENGTH + 1))).toBe('too-long');
  });

  it('refuse common passwords of 12 characters or more, whatever their case', () => {
    for (const common of ['password1234', 'qwertyuiop123', '123456789012', 'iloveyou1234', 'QwertyUiop123']) {
      expect(checkPassword(common), common).toBe('too-common');
    }
  });

  it('refuse a common word with digits and punctuation tacked on', () => {
    for (const variant of [
      'Password123!!',
      'Welcome2026!!',
      'Sunshine!!!!',
      'Orthodontics1',
      'Dragon_2026-07',
    ]) {
      expect(checkPassword(variant), variant).toBe('too-common');
    }
  });

  it('refuse common words spelled with symbols for letters', () => {
    expect(checkPassword('P@ssw0rd2026!')).toBe('too-common');
    expect(checkPassword('1loveyou2026')).toBe('too-common');
    // Full-width letters and digits are the same password to a person.
    expect(checkPassword('ｐａｓｓｗｏｒｄ１２３４')).toBe('too-common');
  });

  it('refuse repeated characters, repeated blocks and straight runs', () => {
    for (const pattern of ['aaaaaaaaaaaa', 'abababababab', 'abcabcabcabc', 'abcdefghijklm', '345678901234']) {
      expect(checkPassword(pattern), pattern).toBe('too-common');
    }
  });

  it('keep a common word inside a longer passphrase acceptable', () => {
    expect(checkPassword('password velvet canoe')).toBeNull();
  });

  it("refuse the person's own name parts of three letters or more, ignoring case and accents", () => {
    const person = { name: 'María-José Li' };
    expect(checkPassword('velvetMARIAcanoe', person)).toBe('contains-personal-info');
    expect(checkPassword('canoe-josé-lamp-9', person)).toBe('contains-personal-info');
    // Two-letter name parts would refuse too many good passwords.
    expect(checkPassword('velvet lily canoe', person)).toBeNull();
  });

  it("refuse the login's local part", () => {
    expect(checkPassword('lamp mgarcia42 canoe', { login: 'mgarcia42@example.com' })).toBe(
      'contains-personal-info',
    );
    expect(checkPassword('lamp Mgarcia canoe', { login: 'mgarcia42@example.com' })).toBe(
      'contains-personal-info',
    );
    expect(checkPassword('lamp example canoe', { login: 'mgarcia42@example.com' })).toBeNull();
  });

  it('report the first problem in a fixed order', () => {
    expect(checkPassword('password')).toBe('too-short');
    expect(checkPassword('maria1234567', { name: 'Maria' })).toBe('contains-personal-info');
    expect(checkPassword('password1234', { login: 'password' })).toBe('too-common');
  });

  it('have a plain-language message for every problem', () => {
    const problems: PasswordProblem[] = ['too-short', 'too-common', 'contains-personal-info', 'too-long'];
    for (const problem of problems) expect(PASSWORD_MESSAGES[problem].length).toBeGreaterThan(10);
  });

  it('come from a list that is lowercase and a few hundred entries long', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(150);
    expect(COMMON_PASSWORDS.size).toBeLessThanOrEqual(300);
    for (const entry of COMMON_PASSWORDS) expect(entry).toBe(entry.toLowerCase());
    for (const long of ['password1234', 'qwertyuiop123', '123456789012', 'iloveyou1234']) {
      expect(COMMON_PASSWORDS.has(long)).toBe(true);
    }
  });
});

describe('AUTH-2: PINs', () => {
  it('accept six or more digits without an obvious pattern', () => {
    expect(checkPin('730419')).toBeNull();
    expect(checkPin('83920571')).toBeNull();
  });

  it('must be digits only', () => {
    expect(checkPin('12a456')).toBe('not-digits');
    expect(checkPin('730 419')).toBe('not-digits');
    expect(checkPin('７３０４１９')).toBe('not-digits');
  });

  it('must have at least six digits', () => {
    expect(checkPin('')).toBe('too-short');
    expect(checkPin('73041')).toBe('too-short');
  });

  it('refuse all-same digits', () => {
    expect(checkPin('000000')).toBe('too-simple');
    expect(checkPin('7777777')).toBe('too-simple');
  });

  it('refuse straight runs up or down, also across 9 to 0', () => {
    for (const run of ['123456', '654321', '012345', '789012', '1234567890', '210987']) {
      expect(checkPin(run), run).toBe('too-simple');
    }
  });

  it('refuse a short block repeated', () => {
    expect(checkPin('121212')).toBe('too-simple');
    expect(checkPin('123123')).toBe('too-simple');
  });
});

describe('AUTH-1, AUTH-2: straight runs', () => {
  it('need three characters and one consistent step of one', () => {
    expect(isStraightRun('ab')).toBe(false);
    expect(isStraightRun('abc')).toBe(true);
    expect(isStraightRun('cba')).toBe(true);
    expect(isStraightRun('abd')).toBe(false);
    expect(isStraightRun('123432')).toBe(false);
  });
});
