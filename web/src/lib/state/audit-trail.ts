/**
 * This device's audit trail as the app writes it: every view, change, print or export, by ids,
 * never contents, recorded here even offline (shared/src/audit). Events recorded before the
 * trail's document has opened (a cold start straight onto a patient) wait for it.
 */
import type * as Y from 'yjs';
import { appendAudit, type AuditAction, type AuditEntity, type LocalOrigin } from '@aligned/shared';

export type AuditEvent = {
  action: AuditAction;
  entity: AuditEntity;
  entityId: string;
  patientId?: string;
  fields?: string[];
};

export class AuditTrail {
  #doc: Y.Doc | null = null;
  #queue: (AuditEvent & { at: string })[] = [];

  /** Records an event as `origin` (the signed-in person on this device; null before the session). */
  record(event: AuditEvent, origin: LocalOrigin | null): void {
    if (!event.entityId) return;
    const stamped = { ...event, at: new Date().toISOString() };
    if (!this.#doc || !origin) return void this.#queue.push(stamped);
    try {
      appendAudit(this.#doc, origin, stamped);
    } catch {
      // A malformed event is a bug in the caller; the screen must not break for it.
    }
  }

  /** The trail's document has opened: the events that waited are written to it, in order. */
  opened(doc: Y.Doc, origin: LocalOrigin): void {
    this.#doc = doc;
    for (const queued of this.#queue.splice(0)) appendAudit(doc, origin, queued);
  }
}
