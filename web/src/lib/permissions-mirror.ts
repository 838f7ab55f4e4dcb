/**
 * Counter payments: the methods a role may take at the counter, from the permission table's finer
 * grants (shared `mayAdd`: whole-ledger writers take all of them, front desk cash, check and card).
 * Not a security boundary: the relay decides.
 */
import { mayAdd, type StaffRole } from '@aligned/shared';

/** The payment methods a role may take at the counter (all of them for whole-ledger writers). */
export function counterMethods(role: StaffRole): ('cash' | 'check' | 'card')[] {
  return (['cash', 'check', 'card'] as const).filter((method) =>
    mayAdd(role, 'ledger', 'entries', { kind: 'payment', payer: 'patient', method }),
  );
}
