/** The practice document as reactive state: practice record, locations, staff. */
import type * as Y from 'yjs';
import {
  APPOINTMENT_TYPES,
  CHAIRS,
  DEFAULT_HOURS,
  addAppointmentType,
  addChair,
  updateAppointmentType,
  updateChair,
  type AppointmentTypeInput,
  type ChairInput,
  type ScheduleSetup,
  LOCATIONS,
  PRACTICE,
  STAFF,
  TEMPLATES,
  addTemplate,
  updateTemplate,
  type TemplateInput,
  addLocation,
  addStaffMember,
  bookableProviders,
  updateStaffMember,
  observeCollection,
  readPractice,
  setUpPractice,
  updateLocation,
  updatePractice,
  type LocationInput,
  type Patch,
  type PracticeInput,
  type PracticeView,
  type StaffInput,
  type WriteContext,
} from '@aligned/shared';

export class PracticeState {
  #doc: Y.Doc;
  #context: () => WriteContext;
  #stop: (() => void)[] = [];
  view = $state.raw<PracticeView>({
    practice: null,
    locations: [],
    staff: [],
    templates: [],
    chairs: [],
    appointmentTypes: [],
  });

  constructor(doc: Y.Doc, context: () => WriteContext) {
    this.#doc = doc;
    this.#context = context;
    this.view = readPractice(doc);
    for (const spec of [PRACTICE, LOCATIONS, STAFF, TEMPLATES, CHAIRS, APPOINTMENT_TYPES]) {
      this.#stop.push(observeCollection(doc, spec, () => (this.view = readPractice(doc))));
    }
  }

  get templates() {
    return this.view.templates;
  }
  get staff() {
    return this.view.staff;
  }
  get practice() {
    return this.view.practice;
  }
  get locations() {
    return this.view.locations;
  }
  get activeLocations() {
    return this.view.locations.filter((l) => l.active);
  }
  get timeZone(): string {
    return this.view.practice?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  get chairs() {
    return this.view.chairs;
  }
  get appointmentTypes() {
    return this.view.appointmentTypes;
  }
  /** The people appointments are booked with: doctors, assistants and anyone booked as one (BOOK-201). */
  get providers() {
    return bookableProviders(this.view.staff);
  }

  /** A location's own time zone, or the practice's. */
  locationTimeZone(locationId: string): string {
    return this.view.locations.find((l) => l.id === locationId)?.timeZone ?? this.timeZone;
  }

  /** What the schedule rules need to know about one location (schedule/schedule-conflicts.ts). */
  scheduleSetup(locationId: string): ScheduleSetup {
    const location = this.view.locations.find((l) => l.id === locationId);
    return {
      locationId,
      timeZone: this.locationTimeZone(locationId),
      hours: location?.hours ?? DEFAULT_HOURS,
      closedDays: location?.closedDays ?? [],
      chairs: this.view.chairs.filter((c) => c.locationId === locationId && c.active),
      providers: this.providers.filter(
        (p) => p.locationIds.length === 0 || p.locationIds.includes(locationId),
      ),
      types: this.view.appointmentTypes,
    };
  }

  locationName(id: string): string {
    return this.view.locations.find((l) => l.id === id)?.name ?? 'Unknown location';
  }

  staffName(id: string): string {
    return (
      this.view.staff.find((s) => s.id === id)?.name ?? (id.startsWith('system:') ? 'Aligned' : 'Someone')
    );
  }

  destroy() {
    for (const stop of this.#stop) stop();
  }

  setUp(
    practiceId: string,
    input: { practice: PracticeInput; location: LocationInput },
    owner: StaffInput & { id: string },
  ) {
    const result = setUpPractice(this.#doc, this.#context(), practiceId, input);
    if (result.ok && !this.view.staff.some((s) => s.id === owner.id)) {
      const { id, ...fields } = owner;
      addStaffMember(this.#doc, this.#context(), fields, { id });
    }
    return result;
  }

  update = (patch: Patch<typeof PRACTICE>) =>
    updatePractice(this.#doc, this.#context(), this.view.practice?.id ?? '', patch);
  addStaff = (id: string, input: StaffInput) => addStaffMember(this.#doc, this.#context(), input, { id });
  updateStaff = (id: string, patch: Patch<typeof STAFF>) =>
    updateStaffMember(this.#doc, this.#context(), id, patch);
  addLocation = (input: LocationInput) => addLocation(this.#doc, this.#context(), input);
  updateLocation = (id: string, patch: Patch<typeof LOCATIONS>) =>
    updateLocation(this.#doc, this.#context(), id, patch);
  addTemplate = (input: TemplateInput) => addTemplate(this.#doc, this.#context(), input);
  updateTemplate = (id: string, patch: Patch<typeof TEMPLATES>) =>
    updateTemplate(this.#doc, this.#context(), id, patch);
  addChair = (input: ChairInput) => addChair(this.#doc, this.#context(), input);
  updateChair = (id: string, patch: Patch<typeof CHAIRS>) =>
    updateChair(this.#doc, this.#context(), id, patch);
  addAppointmentType = (input: AppointmentTypeInput) => addAppointmentType(this.#doc, this.#context(), input);
  updateAppointmentType = (id: string, patch: Patch<typeof APPOINTMENT_TYPES>) =>
    updateAppointmentType(this.#doc, this.#context(), id, patch);
}
