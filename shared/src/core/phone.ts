/**
 * Phone numbers are stored in E.164 (`+15125550123`) so that search, dialing and
 * text gateways see one form, and shown in the national format people read.
 */

export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

export type PhoneParseError = 'empty' | 'too-short' | 'too-long' | 'invalid-characters';

/**
 * Reads a phone number typed by a person. Numbers without a `+` are read as
 * North American (NANP) numbers: 10 digits, or 11 starting with 1.
 */
export function parsePhoneInput(
  input: string,
): { ok: true; value: string } | { ok: false; error: PhoneParseError } {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'empty' };
  if (/[^\d\s().+-]/.test(text.replace(/\s*(x|ext\.?)\s*\d+$/i, ''))) {
    return { ok: false, error: 'invalid-characters' };
  }
  const international = text.startsWith('+');
  const digits = text.replace(/\s*(x|ext\.?)\s*\d+$/i, '').replace(/\D/g, '');
  if (international) {
    if (digits.length < 7) return { ok: false, error: 'too-short' };
    if (digits.length > 15) return { ok: false, error: 'too-long' };
    return { ok: true, value: `+${digits}` };
  }
  if (digits.length === 11 && digits.startsWith('1')) return { ok: true, value: `+${digits}` };
  if (digits.length === 10) return { ok: true, value: `+1${digits}` };
  return { ok: false, error: digits.length < 10 ? 'too-short' : 'too-long' };
}

export const PHONE_ERROR_MESSAGES: Record<PhoneParseError, string> = {
  empty: 'Enter a phone number',
  'too-short': 'Too few digits for a phone number',
  'too-long': 'Too many digits for a phone number',
  'invalid-characters': 'Use digits, spaces, ( ) - or a leading +',
};

/** `+15125550123` → `(512) 555-0123`; other countries keep the E.164 form. */
export function formatPhone(e164: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return nanp ? `(${nanp[1]}) ${nanp[2]}-${nanp[3]}` : e164;
}

/** Digits only, for searching: `(512) 555-0123` and `+1 512 555 0123` both match. */
export function phoneDigits(value: string): string {
  return value.replace(/\D/g, '');
}
