/**
 * Who else is here, from Yjs awareness on the patients document: each device publishes who is
 * signed in and which patient they are looking at. Nothing else about the patient is shared.
 */
import type { Awareness } from 'y-protocols/awareness';

export type PresenceUser = { id: string; name: string; color: string };
export type Peer = { clientId: number; user: PresenceUser; viewing: string | null; editing: boolean };

const COLORS = ['#0f766e', '#7c3aed', '#b45309', '#be123c', '#1d4ed8', '#4d7c0f', '#a21caf', '#0369a1'];

export function colorFor(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length]!;
}

function asPeer(clientId: number, state: unknown): Peer | null {
  if (typeof state !== 'object' || state === null) return null;
  const { user, viewing, editing } = state as Record<string, unknown>;
  if (typeof user !== 'object' || user === null) return null;
  const { id, name, color } = user as Record<string, unknown>;
  if (typeof id !== 'string' || typeof name !== 'string') return null;
  return {
    clientId,
    user: { id, name: name.slice(0, 80), color: typeof color === 'string' ? color : colorFor(id) },
    viewing: typeof viewing === 'string' ? viewing : null,
    editing: editing === true,
  };
}

export class PresenceState {
  #awareness: Awareness;
  #onChange = () => this.#refresh();
  others = $state.raw<Peer[]>([]);

  constructor(awareness: Awareness, user: PresenceUser) {
    this.#awareness = awareness;
    awareness.setLocalState({ user, viewing: null, editing: false });
    awareness.on('change', this.#onChange);
    this.#refresh();
  }

  #refresh() {
    const mine = this.#awareness.clientID;
    const peers: Peer[] = [];
    this.#awareness.getStates().forEach((state, clientId) => {
      if (clientId === mine) return;
      const peer = asPeer(clientId, state);
      if (peer) peers.push(peer);
    });
    this.others = peers;
  }

  /** Others looking at a patient (one entry per person even with several devices). */
  viewing(patientId: string): Peer[] {
    const seen = new Set<string>();
    return this.others.filter((p) => p.viewing === patientId && !seen.has(p.user.id) && seen.add(p.user.id));
  }

  setViewing(patientId: string | null, editing = false) {
    this.#awareness.setLocalStateField('viewing', patientId);
    this.#awareness.setLocalStateField('editing', editing);
  }

  destroy() {
    this.#awareness.off('change', this.#onChange);
  }
}
