/**
 * What a visit offers next (BOOK-106), offered the moment it happens on the book: record the exam
 * outcome, start treatment (readiness first), or move to retention, each one click away on the
 * patient's page.
 */
import { goto } from '$app/navigation';
import type { VisitCaseOutcome } from '@aligned/shared';
import { toasts } from './toasts.svelte.ts';

const OFFERS: Record<
  NonNullable<VisitCaseOutcome['offer']>,
  { message: string; label: string; step: string }
> = {
  'record-exam-outcome': { message: 'The exam is under way', label: 'Record the outcome', step: 'outcome' },
  'start-treatment': { message: 'The start visit is done', label: 'Start treatment…', step: 'start' },
  retention: { message: 'The debond is done', label: 'Move to retention…', step: 'retention' },
};

export function offerNext(patientId: string, outcome: VisitCaseOutcome | null): void {
  if (!outcome?.offer) return;
  const { message, label, step } = OFFERS[outcome.offer];
  toasts.show(
    message,
    {
      label,
      run: () =>
        void goto(`/patients/${patientId}?case=${outcome.caseId}&next=${step}&on=${outcome.visitOn}`),
    },
    12_000,
  );
}
