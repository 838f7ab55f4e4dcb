/**
 * The appointment book of the screens that show it: the schedule documents (one per location and
 * week) a view needs, opened on demand and kept while nearby, with the commands that book, move
 * and change appointments. A move within a week edits the appointment; a move into another week
 * books it there and marks the old one rescheduled, linked both ways, because each week is its
 * own document (docs/data-model.md, "Schedule").
 */
import {
  APPOINTMENTS,
  SCHEDULE_COMMANDS,
  observeCollection,
  readSchedule,
  scheduleDocName,
  localDateOf,
  scheduleWeekOf,
  weeksCovering,
  visitHappeningOf,
  type Appointment,
  type AppointmentStatus,
  type Booking,
  type AppointmentInput,
  type Commands,
  type LiveDoc,
  type NeedsAttention,
  type Patch,
  type Result,
  type VisitHappening,
  type SyncClient,
  type WriteError,
} from '@aligned/shared';

/** How the book drives the case (BOOK-101…BOOK-106): supplied by the app, absent in tools. */
export type VisitHooks = {
  /** The case a new visit joins, when the booking names none. */
  caseFor(patientId: string, typeId: string): Promise<string | undefined>;
  /** A visit changed: its case follows (in the patient's documents, after the book is written). */
  changed(
    appointment: Appointment,
    what: VisitHappening,
    others: readonly Appointment[],
    reason?: string,
  ): void;
};

export type ScheduleDeps = {
  visits?: VisitHooks;
  sync: SyncClient;
  practiceId: string;
  /** Runs the schedule's commands (permission, origin, undo scope, audit). */
  commands: Commands;
  /** The location's zone (its own, or the practice's). */
  timeZone: (locationId: string) => string;
};

type OpenWeek = { live: LiveDoc; stop: () => void; usedAt: number };

/** Weeks kept open beyond those on screen, so stepping back and forth never reloads. */
const KEEP_OPEN = 12;

export type MoveTo = { start: string; chairId?: string; providerId?: string; minutes?: number };

export class ScheduleBook {
  /** `<locationId>/<yyyy-mm-dd>` (a week) → that week's appointments, earliest first. */
  byWeek = $state.raw<ReadonlyMap<string, Appointment[]>>(new Map());
  needsAttention = $state.raw<NeedsAttention[]>([]);
  #deps: ScheduleDeps;
  #open = new Map<string, OpenWeek>();
  #loading = new Map<string, Promise<OpenWeek | null>>();
  #closed = false;
  #clock = 0;

  constructor(deps: ScheduleDeps) {
    this.#deps = deps;
  }

  /** Opens the weeks a view shows (and keeps a few recent ones); resolves when all are read. */
  async show(
    locationId: string,
    weeks: readonly string[],
    options: { keepOthers?: boolean } = {},
  ): Promise<void> {
    const keys = weeks.map((m) => `${locationId}/${m}`);
    await Promise.all(keys.map((key) => this.#ensure(key)));
    for (const key of keys) {
      const open = this.#open.get(key);
      if (open) open.usedAt = ++this.#clock;
    }
    // A screen that reads several locations or ranges at once (a patient's visits everywhere)
    // keeps what it opened; the book's screens keep only what is near.
    if (!options.keepOthers) this.#trim(new Set(keys));
  }

  /** The appointments of a location in the given weeks (opened with `show`). */
  appointmentsOf(locationId: string, weeks: readonly string[]): Appointment[] {
    return weeks.flatMap((m) => this.byWeek.get(`${locationId}/${m}`) ?? []);
  }

  /** The appointment with this id among the open weeks, with the key of its document. */
  find(id: string): { appointment: Appointment; key: string } | null {
    for (const [key, list] of this.byWeek) {
      const appointment = list.find((a) => a.id === id);
      if (appointment) return { appointment, key };
    }
    return null;
  }

  async #ensure(key: string): Promise<OpenWeek | null> {
    const open = this.#open.get(key);
    if (open) return open;
    let loading = this.#loading.get(key);
    if (!loading) {
      loading = this.#load(key);
      this.#loading.set(key, loading);
    }
    return loading;
  }

  async #load(key: string): Promise<OpenWeek | null> {
    const [locationId, week] = key.split('/') as [string, string];
    const live = await this.#deps.sync.open(scheduleDocName(this.#deps.practiceId, locationId, week));
    this.#loading.delete(key);
    if (this.#closed) {
      live.release();
      return null;
    }
    const refresh = () => {
      const read = readSchedule(live.doc);
      this.byWeek = new Map(this.byWeek).set(key, read.appointments);
      const others = this.needsAttention.filter((n) => !read.needsAttention.some((r) => r.id === n.id));
      this.needsAttention = [...others, ...read.needsAttention];
    };
    refresh();
    const entry: OpenWeek = {
      live,
      stop: observeCollection(live.doc, APPOINTMENTS, refresh),
      usedAt: ++this.#clock,
    };
    this.#open.set(key, entry);
    return entry;
  }

  #trim(keep: ReadonlySet<string>) {
    const spare = [...this.#open.entries()]
      .filter(([key]) => !keep.has(key))
      .sort((a, b) => b[1].usedAt - a[1].usedAt);
    for (const [key, open] of spare.slice(KEEP_OPEN)) {
      open.stop();
      open.live.release();
      this.#open.delete(key);
      const next = new Map(this.byWeek);
      next.delete(key);
      this.byWeek = next;
    }
  }

  close(): void {
    this.#closed = true;
    for (const open of this.#open.values()) {
      open.stop();
      open.live.release();
    }
    this.#open.clear();
  }

  #keyFor(locationId: string, start: string): string {
    return `${locationId}/${scheduleWeekOf(start, this.#deps.timeZone(locationId))}`;
  }

  /** Every appointment of the weeks open now (what the case rules can see of the book). */
  #loaded(): Appointment[] {
    return [...this.byWeek.values()].flat();
  }

  /**
   * Books an appointment in the document of its week (opened if needed), linked to the case it
   * joins (BOOK-101); the case then follows (BOOK-103).
   */
  async book(
    input: AppointmentInput,
    what: VisitHappening | null = 'booked',
  ): Promise<Result<Appointment, WriteError>> {
    const open = await this.#ensure(this.#keyFor(input.locationId, input.start));
    if (!open) return { ok: false, error: { kind: 'read-only', reason: 'needs-migration' } };
    const caseId = input.caseId ?? (await this.#deps.visits?.caseFor(input.patientId, input.typeId));
    const result = this.#deps.commands.run(SCHEDULE_COMMANDS.book, open.live.doc, {
      ...input,
      ...(caseId ? { caseId } : {}),
    });
    if (result.ok && what) this.#deps.visits?.changed(result.value, what, this.#loaded());
    return result;
  }

  /** Changes fields of an appointment in an open week (status, notes, provider …). */
  update(id: string, patch: Patch<typeof APPOINTMENTS>): Result<Appointment | null, WriteError> {
    const found = this.find(id);
    if (!found) return { ok: false, error: { kind: 'not-found', id } };
    const open = this.#open.get(found.key);
    if (!open) return { ok: false, error: { kind: 'not-found', id } };
    const result = this.#deps.commands.run(SCHEDULE_COMMANDS.update, open.live.doc, id, patch);
    const what = visitHappeningOf(found.appointment, patch);
    if (result.ok && result.value && what)
      this.#deps.visits?.changed(result.value, what, this.#loaded(), patch.reason ?? undefined);
    return result;
  }

  /** Marks an appointment's status now (arrived, seated, completed, missed, cancelled …). */
  setStatus(
    id: string,
    status: AppointmentStatus,
    extra: { cancelledBy?: 'patient' | 'practice'; reason?: string } = {},
  ): Result<Appointment | null, WriteError> {
    return this.update(id, { status, statusAt: new Date().toISOString(), ...extra });
  }

  /**
   * Moves an appointment to a new time, chair or provider. Within its week the record changes;
   * into another week it is booked there and the old one marked rescheduled, linked both ways.
   */
  async move(
    id: string,
    to: MoveTo,
    extra: Patch<typeof APPOINTMENTS> = {},
  ): Promise<Result<Appointment, WriteError>> {
    const found = this.find(id);
    if (!found) return { ok: false, error: { kind: 'not-found', id } };
    const { appointment } = found;
    const targetKey = this.#keyFor(appointment.locationId, to.start);
    if (targetKey === found.key) {
      const patch: Patch<typeof APPOINTMENTS> = { start: to.start, ...extra };
      if (to.chairId) patch.chairId = to.chairId;
      if (to.providerId !== undefined) patch.providerId = to.providerId;
      if (to.minutes) patch.minutes = to.minutes;
      const result = this.update(id, patch);
      if (!result.ok) return result;
      return result.value
        ? { ok: true, value: result.value }
        : { ok: false, error: { kind: 'not-found', id } };
    }
    return this.rebook(id, {
      start: to.start,
      chairId: to.chairId ?? appointment.chairId,
      providerId: to.providerId ?? appointment.providerId,
      minutes: to.minutes ?? appointment.minutes,
      ...(extra.override ? { override: extra.override } : {}),
    });
  }

  /**
   * The appointments a candidate booking is checked against: its location's week, and the same
   * week at each of `elsewhere` (the other locations this person works at), so a patient or
   * provider booked elsewhere at that time is a conflict too. `onScreen` are the weeks the view
   * shows, kept open while the others are read.
   */
  async bookedAround(
    candidate: Booking,
    onScreen: readonly string[],
    elsewhere: readonly string[],
  ): Promise<Appointment[]> {
    const day = localDateOf(candidate.start, this.#deps.timeZone(candidate.locationId));
    const around = weeksCovering(day, day);
    const here = [...new Set([...onScreen, ...around])];
    // The candidate's day may be in a week not on screen yet.
    await this.show(candidate.locationId, here);
    const others: Appointment[] = [];
    for (const locationId of elsewhere) {
      try {
        await this.show(locationId, around);
        others.push(...this.appointmentsOf(locationId, around));
      } catch {
        // Not readable on this device: checked against this location's book only.
      }
    }
    // Showing other locations' weeks must not close the view's own.
    await this.show(candidate.locationId, here);
    return [...this.appointmentsOf(candidate.locationId, around), ...others];
  }

  /**
   * Writes a checked booking: a move of `moveId`, a rebooking of `rebookOf`, or a new booking,
   * with the override that lets it go ahead despite its conflicts, if any.
   */
  async place(
    candidate: Booking,
    as: { moveId?: string; rebookOf?: string },
    override?: Appointment['override'],
  ): Promise<Result<Appointment, WriteError>> {
    const at = {
      start: candidate.start,
      chairId: candidate.chairId,
      ...(candidate.providerId ? { providerId: candidate.providerId } : {}),
      minutes: candidate.minutes,
    };
    if (as.moveId)
      return this.move(as.moveId, { ...at, providerId: candidate.providerId }, override ? { override } : {});
    if (as.rebookOf) return this.rebook(as.rebookOf, { ...at, ...(override ? { override } : {}) });
    const { id: _unused, ...fields } = candidate;
    return this.book({ ...fields, status: 'scheduled', ...(override ? { override } : {}) });
  }

  /**
   * Books a new appointment for a missed, cancelled or moved one and links the two: the new one
   * carries `rebookOf`, the old one `rebookedAs` (and becomes rescheduled if it was still booked).
   */
  async rebook(
    id: string,
    at: {
      start: string;
      chairId: string;
      providerId?: string;
      minutes: number;
      override?: Appointment['override'];
    },
  ): Promise<Result<Appointment, WriteError>> {
    const found = this.find(id);
    if (!found) return { ok: false, error: { kind: 'not-found', id } };
    const old = found.appointment;
    const stillBooked = old.status === 'scheduled' || old.status === 'confirmed';
    const booked = await this.book(
      {
        patientId: old.patientId,
        locationId: old.locationId,
        chairId: at.chairId,
        ...(at.providerId ? { providerId: at.providerId } : {}),
        typeId: old.typeId,
        ...(old.caseId ? { caseId: old.caseId } : {}),
        start: at.start,
        minutes: at.minutes,
        status: 'scheduled',
        rebookOf: old.id,
        ...(at.override ? { override: at.override } : {}),
        ...(old.notes ? { notes: old.notes } : {}),
      },
      // The case follows once both records are written (below).
      null,
    );
    if (!booked.ok) return booked;
    this.update(old.id, {
      rebookedAs: booked.value.id,
      ...(stillBooked
        ? { status: 'rescheduled' as const, statusAt: this.#deps.commands.context().now() }
        : {}),
    });
    // A visit still ahead is moved; a missed or cancelled one is booked again.
    this.#deps.visits?.changed(booked.value, stillBooked ? 'moved' : 'booked', this.#loaded());
    return booked;
  }
}
