/**
 * Structural checks on an incoming Yjs update, before it touches a document. Yjs trusts that
 * a client's blocks do not overlap and that a struct refers only backwards in its own client's
 * history; an update that breaks this decodes fine but can poison the stored document so that it
 * no longer loads, or make every later update of that client fail to apply (found by fuzzing:
 * sync-hub.fuzz.test.ts). The relay refuses such updates instead of storing them.
 */
import * as Y from 'yjs';

type IdLike = { client: number; clock: number };

export function isId(value: unknown): value is IdLike {
  return typeof value === 'object' && value !== null && 'client' in value && 'clock' in value;
}

/** A reason to refuse the update, or null when its shape is sound. */
export function updateShapeProblem(update: Uint8Array): string | null {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return 'update does not decode';
  }
  return decodedShapeProblem(decoded);
}

/** The same check on an update already decoded (the relay decodes each update once). */
export function decodedShapeProblem(decoded: ReturnType<typeof Y.decodeUpdate>): string | null {
  const ends = new Map<number, number>();
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    const end = ends.get(client);
    if (end !== undefined && clock < end) return 'update has overlapping blocks';
    ends.set(client, clock + struct.length);
    if (struct instanceof Y.Item) {
      for (const ref of [struct.origin, struct.rightOrigin, struct.parent]) {
        if (isId(ref) && ref.client === client && ref.clock >= clock)
          return 'update refers forward in its own history';
      }
    }
  }
  return null;
}
