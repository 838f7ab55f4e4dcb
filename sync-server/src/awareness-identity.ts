/**
 * Presence must not lie about who someone is. The relay rewrites every awareness state a
 * connection publishes so its `user.id` and `user.name` are the authenticated principal's,
 * whatever the client sent (hocuspocus PR #1096, outline PR #13804). Other fields (which
 * patient is open, a colour) pass through, bounded in size.
 *
 * Awareness update layout (y-protocols/awareness.js): varUint(n), then n × (varUint clientID,
 * varUint clock, varString JSON state or "null").
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const MAX_AWARENESS_STATE_BYTES = 8 * 1024;

export type Identity = { id: string; name: string };

/**
 * The update with identities stamped, or null when it is malformed or oversized. Entries for
 * client ids `mayPublish` rejects (another connection's presence) are left out (PERM-8): a
 * connection publishes and removes only its own.
 */
export function stampIdentity(
  update: Uint8Array,
  identity: Identity,
  mayPublish: (clientId: number) => boolean = () => true,
): Uint8Array | null {
  try {
    const d = decoding.createDecoder(update);
    const entries: encoding.Encoder[] = [];
    const count = decoding.readVarUint(d);
    if (count > 64) return null;
    for (let i = 0; i < count; i++) {
      const e = encoding.createEncoder();
      const clientId = decoding.readVarUint(d);
      encoding.writeVarUint(e, clientId);
      encoding.writeVarUint(e, decoding.readVarUint(d));
      const json = decoding.readVarString(d);
      if (json.length > MAX_AWARENESS_STATE_BYTES) return null;
      const state: unknown = JSON.parse(json);
      if (mayPublish(clientId)) entries.push(e);
      if (state === null) {
        encoding.writeVarString(e, 'null');
      } else if (typeof state === 'object' && !Array.isArray(state)) {
        const record = state as Record<string, unknown>;
        const user =
          typeof record.user === 'object' && record.user !== null
            ? (record.user as Record<string, unknown>)
            : {};
        encoding.writeVarString(
          e,
          JSON.stringify({ ...record, user: { ...user, id: identity.id, name: identity.name } }),
        );
      } else {
        return null;
      }
    }
    if (decoding.hasContent(d)) return null;
    const out = encoding.createEncoder();
    encoding.writeVarUint(out, entries.length);
    for (const entry of entries) encoding.writeUint8Array(out, encoding.toUint8Array(entry));
    return encoding.toUint8Array(out);
  } catch {
    return null;
  }
}
