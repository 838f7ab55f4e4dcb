import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, otpauthUri, totpStep } from './totp.ts';

// RFC 6238 Appendix B: the seeds are the ASCII bytes "1234567890…" of the hash's key length.
const SEED = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};
const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it('AUTH-6: reproduces every test vector of RFC 6238 Appendix B (8 digits, SHA-1/256/512)', () => {
    for (const [seconds, sha1, sha256, sha512] of VECTORS) {
      const step = totpStep(seconds * 1000);
      expect(hotp(SEED.sha1, step, 8, 'sha1'), `${seconds} sha1`).toBe(sha1);
      expect(hotp(SEED.sha256, step, 8, 'sha256'), `${seconds} sha256`).toBe(sha256);
      expect(hotp(SEED.sha512, step, 8, 'sha512'), `${seconds} sha512`).toBe(sha512);
    }
  });

  it('reproduces the RFC 4226 HOTP values for counters 0..9 (6 digits)', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expected.forEach((code, counter) => expect(hotp(SEED.sha1, counter)).toBe(code));
  });

  it('accepts the code of the current step and of one step either side, nothing further', () => {
    const secret = base32Encode(SEED.sha1);
    const at = 1111111111 * 1000;
    const step = totpStep(at);
    expect(matchTotp(secret, hotp(SEED.sha1, step), at)).toBe(step);
    expect(matchTotp(secret, hotp(SEED.sha1, step - 1), at)).toBe(step - 1);
    expect(matchTotp(secret, hotp(SEED.sha1, step + 1), at)).toBe(step + 1);
    expect(matchTotp(secret, hotp(SEED.sha1, step + 2), at)).toBeNull();
    expect(matchTotp(secret, hotp(SEED.sha1, step - 2), at)).toBeNull();
  });

  it('refuses codes that are not six digits and secrets that are not base32', () => {
    const secret = newTotpSecret();
    expect(matchTotp(secret, '12345', Date.now())).toBeNull();
    expect(matchTotp(secret, 'abcdef', Date.now())).toBeNull();
    expect(matchTotp('not base32!', '123456', Date.now())).toBeNull();
  });

  it('round-trips base32 and writes a key URI apps read', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret)!)).toBe(secret);
    expect(base32Encode(Buffer.from('12345678901234567890'))).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(otpauthUri(secret, 'Aligned', 'ana@example.com')).toBe(
      `otpauth://totp/Aligned%3Aana%40example.com?secret=${secret}&issuer=Aligned&algorithm=SHA1&digits=6&period=30`,
    );
  });
});
