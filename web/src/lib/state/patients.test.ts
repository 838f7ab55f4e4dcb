import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  createCommands,
  createPatient,
  localOrigin,
  recordingEnv,
  updatePatient,
  type WriteContext,
} from '@aligned/shared';
import { PatientsState } from './patients.svelte.ts';

const ctx = (): WriteContext => ({
  origin: localOrigin('stf_alice0000000000', 'dev_test00000000000'),
  now: () => '2026-11-25T15:00:00.000Z',
});
const commands = createCommands(recordingEnv(ctx));
const input = (firstName: string) => ({
  firstName,
  lastName: 'Garcia',
  preferredChannel: 'text' as const,
  language: 'en',
  locationId: 'loc_main00000000000',
  status: 'prospect' as const,
});

describe('patients state', () => {
  it('shows a snapshot before the document loads, and cannot write until it does', () => {
    const doc = new Y.Doc();
    createPatient(doc, ctx(), input('Sofia'));
    const before = new PatientsState(commands);
    before.attach(doc);
    const snapshot = before.snapshot('build-1');

    const cold = new PatientsState(commands, snapshot);
    expect(cold.ready).toBe(false);
    expect(cold.sorted.map((p) => p.firstName)).toEqual(['Sofia']);
    expect(cold.search('sof').map((p) => p.firstName)).toEqual(['Sofia']);
    expect(() => cold.register({ patient: input('Mateo') })).toThrow('still loading');
  });

  it('takes the document as the authority over a stale snapshot once attached', () => {
    const doc = new Y.Doc();
    const sofia = createPatient(doc, ctx(), input('Sofia'));
    if (!sofia.ok) throw new Error('create');
    const first = new PatientsState(commands);
    first.attach(doc);
    const snapshot = first.snapshot('build-1');
    // Later edits that the snapshot never saw.
    updatePatient(doc, ctx(), sofia.value.id, { preferredName: 'Sofi' });
    createPatient(doc, ctx(), input('Mateo'));

    const cold = new PatientsState(commands, snapshot);
    cold.attach(doc);
    expect(cold.ready).toBe(true);
    expect(cold.sorted.map((p) => `${p.firstName}${p.preferredName ? `/${p.preferredName}` : ''}`)).toEqual([
      'Mateo',
      'Sofia/Sofi',
    ]);
  });

  it('follows changes to the document after attaching', () => {
    const doc = new Y.Doc();
    const state = new PatientsState(commands);
    state.attach(doc);
    const created = state.register({ patient: input('Lucia') });
    expect(created.ok).toBe(true);
    expect(state.sorted.map((p) => p.firstName)).toEqual(['Lucia']);
  });
});
