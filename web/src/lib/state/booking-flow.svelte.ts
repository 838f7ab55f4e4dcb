/**
 * The appointment book's booking flow, as state for its screen: the new-appointment form, "find
 * next available", and a booking, move or rebooking waiting for a reason to override its
 * conflicts. Every candidate is checked (schedule/schedule-conflicts.ts) against the book around
 * it before it is written; the rules are shared (schedule/appointment-book.ts).
 */
import {
  FINDER_WEEKS,
  addDays,
  bookingForMove,
  bookingFromSlot,
  conflictOverride,
  emptyBookingForm,
  emptyFinderForm,
  findAvailable,
  findConflicts,
  finderSeedFromParams,
  handoffParams,
  formatLocalTime,
  localDateOf,
  minuteOfDay,
  readBookingForm,
  readFinderForm,
  weeksCovering,
  type Appointment,
  type AppointmentType,
  type Booking,
  type BookingForm,
  type Conflict,
  type FinderForm,
  type ScheduleSetup,
  type Slot,
  type WriteError,
} from '@aligned/shared';
import type { ScheduleBook } from './schedule.svelte.ts';
import { writeErrorText } from '../write-error.ts';
import { holdCallerName } from './new-caller.ts';

/** What the flow reads from the screen: the location and weeks on view, and who books. */
export type BookingView = {
  locationId: string;
  setup: ScheduleSetup | null;
  timeZone: string;
  /** The weeks on screen (kept open while others are read). */
  weeks: readonly string[];
  /** Other locations this person works at: a booking is checked against them too. */
  elsewhere: readonly string[];
  types: ReadonlyMap<string, AppointmentType>;
  activeTypes: readonly AppointmentType[];
  today: string;
  userId: string | undefined;
};

export type Placement = { moveId?: string; rebookOf?: string };

export type BookingEvents = {
  /** A new booking or rebooking was written. */
  booked: (appointment: Appointment) => void;
  /** A move was written. */
  moved: (appointment: Appointment, candidate: Booking) => void;
  /** A move or rebooking could not be written. */
  failed: (what: 'move' | 'rebook', error: WriteError) => void;
  /** The flow opens on a day (a slot chosen for a booking without a patient). */
  showDay: (date: string) => void;
};

export class BookingFlow {
  booking = $state<BookingForm | null>(null);
  /** Counts forms opened, so each opens afresh. */
  bookingCount = $state(0);
  bookingErrors = $state<Partial<Record<keyof BookingForm, string>>>({});
  /** A booking or move with conflicts, waiting for a reason. */
  pending = $state<({ booking: Booking; conflicts: Conflict[] } & Placement) | null>(null);
  finder = $state<FinderForm | null>(null);
  slots = $state<Slot[] | null>(null);
  /** Searches run: the result list carries the count, so a new result is told from the last. */
  searches = $state(0);
  finderError = $state<string | undefined>();
  #book: ScheduleBook;
  #view: () => BookingView;
  #on: BookingEvents;

  constructor(book: ScheduleBook, view: () => BookingView, on: BookingEvents) {
    this.#book = book;
    this.#view = view;
    this.#on = on;
  }

  get open(): boolean {
    return this.booking !== null || this.finder !== null;
  }

  closeForms() {
    this.booking = null;
    this.finder = null;
  }

  openBooking(form: BookingForm, patientId = '') {
    this.booking = { ...form, patientId };
    this.bookingCount++;
    this.bookingErrors = {};
    this.finder = null;
  }

  /** A click on a free spot of the grid: a chair's column, or a provider's. */
  bookSlot(date: string, columnId: string, minute: number, columns: 'chair' | 'provider') {
    const form = emptyBookingForm(date, formatLocalTime(minute));
    if (columns === 'provider') form.providerId = columnId === 'none' ? '' : columnId;
    else form.chairId = columnId;
    form.chairId ||= this.#view().setup?.chairs[0]?.id ?? '';
    this.openBooking(form);
  }

  submitBooking() {
    const { locationId, timeZone, setup } = this.#view();
    if (!this.booking || !setup) return;
    const read = readBookingForm(this.booking, { locationId, timeZone });
    this.bookingErrors = read.errors;
    if (read.value) void this.tryBook(read.value);
  }

  /** Checks a booking, move or rebooking for conflicts: asks for a reason, or writes it. */
  async tryBook(candidate: Booking, as: Placement = {}) {
    const { setup, weeks, elsewhere } = this.#view();
    if (!setup) return;
    const found = findConflicts(candidate, await this.#book.bookedAround(candidate, weeks, elsewhere), setup);
    if (found.length > 0) return void (this.pending = { booking: candidate, conflicts: found, ...as });
    await this.#commit(candidate, as);
  }

  /** A move from the grid (drag or keyboard). */
  move(
    id: string,
    to: { columnId: string; startMinute: number; minutes: number },
    columns: 'chair' | 'provider',
    date: string,
  ) {
    const appointment = this.#book.find(id)?.appointment;
    if (!appointment) return;
    void this.tryBook(bookingForMove(appointment, to, columns, date, this.#view().timeZone), { moveId: id });
  }

  /** Goes ahead despite the conflicts, for the reason given; returns what is wrong with the reason. */
  confirmOverride(reason: string): string | undefined {
    const { userId } = this.#view();
    if (!this.pending || !userId) return;
    const override = conflictOverride(this.pending.conflicts, reason, userId, new Date().toISOString());
    if (!override.ok) return override.error;
    const { booking: candidate, moveId, rebookOf } = this.pending;
    this.pending = null;
    void this.#commit(
      candidate,
      { ...(moveId ? { moveId } : {}), ...(rebookOf ? { rebookOf } : {}) },
      override.value,
    );
  }

  async #commit(candidate: Booking, as: Placement, override?: Appointment['override']) {
    const result = await this.#book.place(candidate, as, override);
    if (!result.ok) {
      if (as.moveId || as.rebookOf) return this.#on.failed(as.moveId ? 'move' : 'rebook', result.error);
      return void (this.bookingErrors = { patientId: writeErrorText(result.error) });
    }
    if (as.moveId) return this.#on.moved(result.value, candidate);
    this.closeForms();
    this.#on.booked(result.value);
  }

  openFinder(seed: Partial<FinderForm> = {}) {
    const { today, activeTypes } = this.#view();
    this.finder = emptyFinderForm(today, { typeId: activeTypes[0]?.id ?? '', ...seed });
    this.slots = null;
    this.finderError = undefined;
    this.booking = null;
  }

  /**
   * BOOK-108, CADENCE-102: the finder for one patient, from a patient's page; it searches from
   * their next visit's day, for its type, when the link names them (`find.from`, `find.type`).
   */
  openFinderFor(patientId: string, param: (name: string) => string | null) {
    const { today, activeTypes } = this.#view();
    const typeIds = new Set(activeTypes.map((t) => t.id));
    this.openFinder({ patientId, ...finderSeedFromParams(param, { today, typeIds }) });
  }

  /** Rescheduling a visit: the finder, seeded with it, books the new one linked to it. */
  reschedule(appointment: Appointment) {
    this.openFinder({
      typeId: appointment.typeId,
      patientId: appointment.patientId,
      ...(appointment.providerId ? { providerId: appointment.providerId } : {}),
      rebookOf: appointment.id,
    });
  }

  async search() {
    const { locationId, timeZone, setup, today } = this.#view();
    if (!this.finder || !setup) return;
    const read = readFinderForm(this.finder, { locationId, timeZone, today, now: new Date().toISOString() });
    this.finderError = read.error;
    if (!read.query) return;
    const wanted = weeksCovering(this.finder.from, addDays(this.finder.from, FINDER_WEEKS * 7));
    await this.#book.show(locationId, wanted);
    const started = performance.now();
    this.slots = findAvailable(read.query, this.#book.appointmentsOf(locationId, wanted), setup);
    performance.measure('aligned:find-next-available', { start: started });
    this.searches++;
  }

  /**
   * BOOK-109: the caller is not on file: the inquiry form's address, handed what this booking
   * chose (the name typed is held in memory, never put in the address).
   */
  newCallerHref(query: string): string {
    holdCallerName(query);
    const chosen = handoffParams({ ...(this.booking ?? {}), locationId: this.#view().locationId });
    return `/pipeline/new?${new URLSearchParams(chosen)}`;
  }

  takeSlot(slot: Slot) {
    const { locationId, timeZone, types } = this.#view();
    const finder = this.finder;
    if (!finder) return;
    const candidate = bookingFromSlot(slot, {
      patientId: finder.patientId,
      locationId,
      typeId: finder.typeId,
      minutes: types.get(finder.typeId)?.minutes ?? 30,
    });
    if (finder.rebookOf) return void this.tryBook(candidate, { rebookOf: finder.rebookOf });
    if (finder.patientId) return void this.tryBook(candidate);
    // No patient chosen yet: the booking form opens on the slot to choose one.
    const local = localDateOf(slot.start, timeZone);
    const form = emptyBookingForm(
      local,
      formatLocalTime(minuteOfDay(slot.start, timeZone)),
      String(candidate.minutes),
    );
    form.typeId = candidate.typeId;
    form.chairId = candidate.chairId;
    form.providerId = candidate.providerId ?? '';
    this.#on.showDay(local);
    this.openBooking(form);
  }
}
