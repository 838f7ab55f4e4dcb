import { describe, expect, it } from 'vitest';
import { formatPhone, parsePhoneInput } from './phone.ts';

describe('PAT-2: phone numbers', () => {
  it('normalizes North American numbers typed in any common way', () => {
    for (const typed of [
      '(512) 555-0123',
      '512.555.0123',
      '5125550123',
      '1 512 555 0123',
      '+1 512-555-0123',
    ]) {
      expect(parsePhoneInput(typed)).toEqual({ ok: true, value: '+15125550123' });
    }
  });

  it('keeps international numbers with a leading +', () => {
    expect(parsePhoneInput('+44 20 7946 0958')).toEqual({ ok: true, value: '+442079460958' });
  });

  it('ignores an extension', () => {
    expect(parsePhoneInput('512-555-0123 ext. 12')).toEqual({ ok: true, value: '+15125550123' });
  });

  it('says what is wrong with a bad number', () => {
    expect(parsePhoneInput('')).toEqual({ ok: false, error: 'empty' });
    expect(parsePhoneInput('555-0123')).toEqual({ ok: false, error: 'too-short' });
    expect(parsePhoneInput('512555012345')).toEqual({ ok: false, error: 'too-long' });
    expect(parsePhoneInput('call mom')).toEqual({ ok: false, error: 'invalid-characters' });
  });

  it('formats NANP numbers for reading', () => {
    expect(formatPhone('+15125550123')).toBe('(512) 555-0123');
    expect(formatPhone('+442079460958')).toBe('+442079460958');
  });
});
