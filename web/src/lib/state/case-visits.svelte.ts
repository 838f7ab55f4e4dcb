/**
 * A patient's case-linked visits as the book holds them now, for the patient's page: the weeks
 * the case history names (each visit note says where and when), opened from the book, so each
 * case shows where its exam stands and the stage the book implies (BOOK-102, BOOK-103), even when
 * the person who booked it could not move the case.
 */
import {
  caseStatusFromBook,
  consultLinkage,
  examRoundStart,
  linkedVisitOf,
  scheduleWeekOf,
  type Case,
  type CaseEvent,
  type CaseStatus,
  type ConsultLinkage,
  type LinkedVisit,
} from '@aligned/shared';
import type { AppState } from './app.svelte.ts';
import { bookFor } from './book-for.ts';

export class CaseVisits {
  visits = $state.raw<LinkedVisit[]>([]);
  #app: AppState;
  #patientId: string;
  #book: ReturnType<typeof bookFor> | null = null;
  #shown = new Set<string>();

  constructor(app: AppState, patientId: string) {
    this.#app = app;
    this.#patientId = patientId;
  }

  /** Opens the weeks the history names (once each) and reads the patient's visits in them. */
  async follow(events: readonly CaseEvent[]): Promise<void> {
    const app = this.#app;
    if (!app.sync || !app.session || !app.canRead('schedule')) return;
    this.#book ??= bookFor(app);
    const weeks = new Map<string, Set<string>>();
    for (const e of events) {
      const note = e.visit;
      if (!note?.locationId) continue;
      const week = scheduleWeekOf(note.start, app.practice?.locationTimeZone(note.locationId) ?? 'UTC');
      const key = `${note.locationId}/${week}`;
      if (this.#shown.has(key)) continue;
      this.#shown.add(key);
      weeks.set(note.locationId, (weeks.get(note.locationId) ?? new Set()).add(week));
    }
    for (const [locationId, set] of weeks) await this.#book.show(locationId, [...set], { keepOthers: true });
    this.refresh();
  }

  /** Re-reads the open weeks (the book changed). */
  refresh(): void {
    const book = this.#book;
    if (!book) return;
    const stageOf = this.#app.practice?.stageOf ?? (() => undefined);
    this.visits = [...book.byWeek.values()]
      .flat()
      // A visit booked for a record merged into this patient is this patient's (PAT-102).
      .filter((a) => (this.#app.patients?.resolve(a.patientId) ?? a.patientId) === this.#patientId)
      .filter((a) => a.caseId !== undefined)
      .flatMap((a) => {
        const stage = stageOf(a.typeId);
        return stage ? [linkedVisitOf(a, stage)] : [];
      });
  }

  /** Where the case's exam stands on the book. */
  linkage(theCase: Case, events: readonly CaseEvent[]): ConsultLinkage {
    return consultLinkage(this.visits, theCase.id, examRoundStart(theCase, events));
  }

  /** The stage the book implies for the case (its own status when the book says nothing else). */
  status(theCase: Case, events: readonly CaseEvent[]): CaseStatus {
    return caseStatusFromBook(theCase.status, this.linkage(theCase, events));
  }

  /** The book's reactive weeks, for screens that re-read when it changes. */
  get byWeek() {
    return this.#book?.byWeek;
  }

  close(): void {
    this.#book?.close();
    this.#book = null;
  }
}
