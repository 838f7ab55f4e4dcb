import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { appendAudit, localOrigin } from '@aligned/shared';
import { appendOnlyProblem } from './append-only.ts';

const origin = localOrigin('stf_alice0000000000', 'dev_frontdesk000000');

function trail(entries: number): Y.Doc {
  const doc = new Y.Doc();
  for (let i = 0; i < entries; i += 1)
    appendAudit(doc, origin, {
      action: 'view',
      entity: 'patient',
      entityId: `pat_${String(i).padStart(16, '0')}`,
      at: '2026-11-25T10:00:00.000Z',
    });
  return doc;
}

/** The relay's copy and a device's copy of the same trail, and the update the device's change makes. */
function change(entries: number, edit: (device: Y.Doc) => void) {
  const relay = trail(0);
  const device = trail(entries);
  Y.applyUpdate(relay, Y.encodeStateAsUpdate(device));
  const before = Y.encodeStateVector(relay);
  edit(device);
  return { relay, update: Y.encodeStateAsUpdate(device, before) };
}

describe('APPEND-1: append-only audit trails', () => {
  it('accepts new entries at the end, one at a time or several', () => {
    const { relay, update } = change(3, (device) => {
      appendAudit(device, origin, {
        action: 'view',
        entity: 'patient',
        entityId: 'pat_new0000000000000',
        at: '2026-11-25T11:00:00.000Z',
      });
      appendAudit(device, origin, {
        action: 'update',
        entity: 'patient',
        entityId: 'pat_new0000000000000',
        at: '2026-11-25T11:01:00.000Z',
      });
    });
    expect(appendOnlyProblem(relay, update)).toBeNull();
  });

  it('accepts a whole trail arriving at an empty relay', () => {
    expect(appendOnlyProblem(new Y.Doc(), Y.encodeStateAsUpdate(trail(5)))).toBeNull();
  });

  it('refuses cutting the newest entries off (the chain alone would still verify)', () => {
    const { relay, update } = change(5, (device) => device.getArray('entries').delete(3, 2));
    expect(appendOnlyProblem(relay, update)).toMatch(/may not be removed/);
  });

  it('refuses removing an entry in the middle', () => {
    const { relay, update } = change(5, (device) => device.getArray('entries').delete(2, 1));
    expect(appendOnlyProblem(relay, update)).toMatch(/may not be removed/);
  });

  it('refuses inserting an entry before existing ones', () => {
    const { relay, update } = change(3, (device) => device.getArray('entries').insert(1, [{ forged: true }]));
    expect(appendOnlyProblem(relay, update)).toMatch(/only be added at the end/);
  });

  it('leaves the rest of the document writable', () => {
    const { relay, update } = change(2, (device) => device.getMap('meta').set('schemaVersion', 2));
    expect(appendOnlyProblem(relay, update)).toBeNull();
  });
});
