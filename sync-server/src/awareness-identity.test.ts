import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { stampIdentity } from './awareness-identity.ts';

function updateFrom(state: Record<string, unknown> | unknown[]): { update: Uint8Array; clientId: number } {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(state as Record<string, unknown>);
  const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
  awareness.destroy();
  return { update, clientId: awareness.clientID };
}

function decoded(update: Uint8Array, clientId: number): unknown {
  const target = new awarenessProtocol.Awareness(new Y.Doc());
  awarenessProtocol.applyAwarenessUpdate(target, update, 'test');
  const state = target.getStates().get(clientId);
  target.destroy();
  return state;
}

const me = { id: 'stf_alice0000000000', name: 'Alice Chen' };

describe('awareness identity', () => {
  it('replaces a claimed identity with the authenticated one and keeps the rest', () => {
    const { update, clientId } = updateFrom({
      user: { id: 'stf_doctor000000000', name: 'Dr. Boss', color: '#123' },
      viewing: 'pat_x',
    });
    const stamped = stampIdentity(update, me)!;
    expect(decoded(stamped, clientId)).toEqual({
      user: { id: me.id, name: me.name, color: '#123' },
      viewing: 'pat_x',
    });
  });

  it('adds the identity to a state that has none', () => {
    const { update, clientId } = updateFrom({ viewing: null });
    expect(decoded(stampIdentity(update, me)!, clientId)).toEqual({ viewing: null, user: me });
  });

  it('refuses malformed, non-object and oversized states', () => {
    expect(stampIdentity(new Uint8Array([1, 5]), me)).toBeNull();
    expect(stampIdentity(updateFrom([1, 2]).update, me)).toBeNull();
    expect(stampIdentity(updateFrom({ note: 'x'.repeat(10_000) }).update, me)).toBeNull();
  });
});
