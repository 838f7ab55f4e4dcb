/** The practice document as reactive state: practice record, locations, staff. */
import type * as Y from 'yjs';
import {
  APPOINTMENT_TYPES,
  CHAIRS,
  DOCUMENT_TEMPLATES,
  DEFAULT_HOURS,
  LOCATIONS,
  PRACTICE,
  PRACTICE_COMMANDS,
  STAFF,
  TEMPLATES,
  bookableProviders,
  bindCommands,
  observeCollection,
  readPractice,
  type Commands,
  type OrthoStage,
  type Patch,
  type PracticeView,
  type ScheduleSetup,
} from '@aligned/shared';

export class PracticeState {
  #doc: Y.Doc;
  #executor: Commands;
  #stop: (() => void)[] = [];
  view = $state.raw<PracticeView>({
    practice: null,
    locations: [],
    staff: [],
    templates: [],
    chairs: [],
    appointmentTypes: [],
    documentTemplates: [],
  });

  constructor(doc: Y.Doc, commands: Commands) {
    this.#doc = doc;
    this.#executor = commands;
    this.view = readPractice(doc);
    for (const spec of [
      PRACTICE,
      LOCATIONS,
      STAFF,
      TEMPLATES,
      CHAIRS,
      APPOINTMENT_TYPES,
      DOCUMENT_TEMPLATES,
    ]) {
      this.#stop.push(observeCollection(doc, spec, () => (this.view = readPractice(doc))));
    }
  }

  get templates() {
    return this.view.templates;
  }
  get staff() {
    return this.view.staff;
  }
  /** Every saved version of the practice's document templates. */
  get documentTemplates() {
    return this.view.documentTemplates;
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
  /** An appointment type's stage; undefined for a type this device does not hold. */
  stageOf = $derived.by(() => {
    const stages = new Map(this.view.appointmentTypes.map((t) => [t.id, t.stage]));
    return (typeId: string): OrthoStage | undefined => stages.get(typeId);
  });
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

  // Commands: the practice document's table, run with permission, origin, undo scope and audit.
  #commands = bindCommands(
    () => this.#executor,
    PRACTICE_COMMANDS,
    () => this.#doc,
  );
  /** The owner's first start: practice, first location and the owner's staff entry. */
  setUp = this.#commands.setUp;
  update = (patch: Patch<typeof PRACTICE>) => this.#commands.update(this.view.practice?.id ?? '', patch);
  addStaff = this.#commands.addStaff;
  updateStaff = this.#commands.updateStaff;
  addLocation = this.#commands.addLocation;
  updateLocation = this.#commands.updateLocation;
  addTemplate = this.#commands.addTemplate;
  updateTemplate = this.#commands.updateTemplate;
  saveDocumentTemplate = this.#commands.saveDocumentTemplate;
  addChair = this.#commands.addChair;
  updateChair = this.#commands.updateChair;
  addAppointmentType = this.#commands.addAppointmentType;
  updateAppointmentType = this.#commands.updateAppointmentType;
}
