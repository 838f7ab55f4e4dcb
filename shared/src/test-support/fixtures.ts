/** Small helpers for unit tests: a fixed clock, a signed-in user, valid inputs. */
import * as Y from 'yjs';
import { localOrigin } from '../documents/origins.ts';
import type { WriteContext } from '../documents/collection.ts';
import { createCommands, recordingEnv } from '../documents/commands.ts';
import type { DocKind } from '../documents/doc-names.ts';
import type { PatientInput } from '../patients/patients-doc.ts';

export function clock(start = '2026-11-25T15:00:00.000Z') {
  let ms = Date.parse(start);
  return () => new Date((ms += 1000)).toISOString();
}

export function userContext(actor = 'stf_alice0000000000', deviceId = 'dev_laptop000000000'): WriteContext {
  return { origin: localOrigin(actor, deviceId), now: clock() };
}

export const LOCATION_ID = 'loc_main00000000000';

export function patientInput(overrides: Partial<PatientInput> = {}): PatientInput {
  return {
    firstName: 'Sofia',
    lastName: 'Garcia',
    dateOfBirth: '2012-03-04',
    phone: '+15125550123',
    email: 'sofia.garcia@example.com',
    preferredChannel: 'text',
    language: 'en',
    locationId: LOCATION_ID,
    status: 'prospect',
    ...overrides,
  };
}

/** Two replicas wired so every update reaches the other, as through a relay. */
export function connectedPair(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'peer') Y.applyUpdate(b, update, 'peer');
  });
  b.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'peer') Y.applyUpdate(a, update, 'peer');
  });
  return [a, b];
}

/** Exchanges full state between replicas that were edited apart (offline), both ways. */
export function syncBoth(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB, { kind: 'remote' });
  Y.applyUpdate(a, toA, { kind: 'remote' });
}

/** Audit stamps for records built by hand in tests. */
export const STAMPS = {
  createdAt: '2026-03-01T15:00:00.000Z',
  createdBy: 'stf_00000001',
  updatedAt: '2026-03-01T15:00:00.000Z',
  updatedBy: 'stf_00000001',
} as const;
/**
 * A patient's care documents with a command executor that keeps its audit notes in memory, as
 * the app's state classes run them (documents/commands.ts).
 */
export function careDocs(denied?: (kind: DocKind) => string | null) {
  const ctx = userContext();
  const env = recordingEnv(() => ctx, denied);
  return {
    ctx,
    notes: env.notes,
    commands: createCommands(env),
    docs: { chart: new Y.Doc(), comms: new Y.Doc(), insurance: new Y.Doc() },
  };
}
