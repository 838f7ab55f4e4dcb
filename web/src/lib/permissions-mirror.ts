/**
 * The UI's mirror of the relay's rules finer than one per document (front desk may add an inquiry
 * and take a patient payment in documents it otherwise only reads). The relay-security change adds
 * the same table to shared/src/identity/permissions.ts (`mayAdd`); until it is on main this local
 * function has the same meaning, and screens ask only through `mayAddEntry`, so switching is one
 * line. Not a security boundary: the relay decides.
 */
import { DOC_ACCESS, type DocKind, type StaffRole } from '@aligned/shared';

type Condition = Readonly<Record<string, readonly string[]>>;

const GRANTS: Partial<Record<StaffRole, Partial<Record<DocKind, Readonly<Record<string, Condition>>>>>> = {
  'front-desk': {
    chart: { cases: { status: ['inquiry'] }, caseEvents: { to: ['inquiry'] } },
    ledger: { entries: { kind: ['payment'], payer: ['patient'], method: ['cash', 'check', 'card'] } },
  },
};

/** May `role` add this entry to this collection of a kind of document? */
export function mayAddEntry(
  role: StaffRole,
  kind: DocKind,
  collection: string,
  entry: Readonly<Record<string, unknown>>,
): boolean {
  if (DOC_ACCESS[role][kind] === 'write') return true;
  const condition = GRANTS[role]?.[kind]?.[collection];
  if (!condition) return false;
  return Object.entries(condition).every(([field, values]) => {
    const value = entry[field];
    return typeof value === 'string' && values.includes(value);
  });
}

/** The payment methods a role may take at the counter (all of them for whole-ledger writers). */
export function counterMethods(role: StaffRole): ('cash' | 'check' | 'card')[] {
  return (['cash', 'check', 'card'] as const).filter((method) =>
    mayAddEntry(role, 'ledger', 'entries', { kind: 'payment', payer: 'patient', method }),
  );
}
