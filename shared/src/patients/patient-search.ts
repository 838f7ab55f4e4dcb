/**
 * Instant patient search over the practice-wide index: name (first, last, preferred),
 * phone, email and date of birth, typed however people type them. Pure: the app builds
 * entries once per patient change and filters them on every keystroke.
 */
import { parseLocalDateInput } from '../core/calendar.ts';
import { phoneDigits } from '../core/phone.ts';

export type SearchablePatient = {
  id: string;
  firstName: string;
  lastName: string;
  preferredName?: string | undefined;
  dateOfBirth?: string | undefined;
  phone?: string | undefined;
  altPhone?: string | undefined;
  email?: string | undefined;
};

export type SearchEntry = {
  id: string;
  /** Normalized words of the names, for prefix matching. */
  words: string[];
  email: string;
  /** National and international digit forms of every phone. */
  phones: string[];
  dateOfBirth: string;
  /** `last first` normalized, for ordering results. */
  sortKey: string;
};

/** Lowercase, accents removed (`José` matches `jose`), apostrophes and hyphens kept out of words. */
export function normalizeText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

function wordsOf(value: string | undefined): string[] {
  if (!value) return [];
  const normalized = normalizeText(value);
  const words = normalized.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  // "O'Brien" is found by "obrien" and by "o brien".
  const joined = normalized
    .replace(/[^\p{L}\p{N}\s]+/gu, '')
    .split(/\s+/)
    .filter(Boolean);
  return [...new Set([...words, ...joined])];
}

export function toSearchEntry(patient: SearchablePatient): SearchEntry {
  const phones: string[] = [];
  for (const phone of [patient.phone, patient.altPhone]) {
    if (!phone) continue;
    const digits = phoneDigits(phone);
    phones.push(digits);
    if (digits.length === 11 && digits.startsWith('1')) phones.push(digits.slice(1));
  }
  return {
    id: patient.id,
    words: [...wordsOf(patient.firstName), ...wordsOf(patient.lastName), ...wordsOf(patient.preferredName)],
    email: patient.email ? normalizeText(patient.email) : '',
    phones,
    dateOfBirth: patient.dateOfBirth ?? '',
    sortKey: `${normalizeText(patient.lastName)} ${normalizeText(patient.firstName)}`,
  };
}

type Term =
  | { kind: 'date'; value: string }
  | { kind: 'digits'; value: string }
  | { kind: 'email'; value: string }
  | { kind: 'word'; value: string };

export function parseQuery(query: string): Term[] {
  const terms: Term[] = [];
  for (const raw of query
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean)) {
    const date = /[/.-]/.test(raw) || /^\d{8}$/.test(raw) ? parseLocalDateInput(raw) : null;
    if (date) terms.push({ kind: 'date', value: date });
    else if (raw.includes('@')) terms.push({ kind: 'email', value: normalizeText(raw) });
    else if (/^[\d()+.-]+$/.test(raw) && raw.replace(/\D/g, '').length >= 3) {
      terms.push({ kind: 'digits', value: raw.replace(/\D/g, '') });
    } else {
      const words = wordsOf(raw);
      for (const word of words) terms.push({ kind: 'word', value: word });
    }
  }
  return terms;
}

function matches(entry: SearchEntry, term: Term): boolean {
  switch (term.kind) {
    case 'date':
      return entry.dateOfBirth === term.value;
    case 'digits':
      return entry.phones.some((p) => p.includes(term.value));
    case 'email':
      return entry.email.includes(term.value);
    case 'word':
      return entry.words.some((w) => w.startsWith(term.value)) || entry.email.startsWith(term.value);
  }
}

/**
 * Ids of the entries matching every term of the query, best first: exact name-word matches
 * before prefix matches, then alphabetical by last name. An empty query matches nothing
 * (the list shows everyone in its own order).
 */
export function searchPatients(entries: readonly SearchEntry[], query: string, limit = 50): string[] {
  const terms = parseQuery(query);
  if (terms.length === 0) return [];
  const hits: { entry: SearchEntry; exact: number }[] = [];
  for (const entry of entries) {
    if (terms.every((term) => matches(entry, term))) {
      const exact = terms.filter((t) => t.kind === 'word' && entry.words.includes(t.value)).length;
      hits.push({ entry, exact });
    }
  }
  hits.sort((a, b) => b.exact - a.exact || a.entry.sortKey.localeCompare(b.entry.sortKey));
  return hits.slice(0, limit).map((hit) => hit.entry.id);
}
