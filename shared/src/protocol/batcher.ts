/**
 * Coalesces the frames a side produces in one turn of the event loop into one WebSocket
 * message (a BATCH frame when there are several). A first sync exchanges two or three frames per
 * document for thousands of documents; one message each costs more in browser IPC than the work.
 */
import { encodeFrame, FRAME, MAX_BATCH_FRAMES, type Frame } from './mux.ts';

export type FrameBatcher = { push(frame: Frame | Uint8Array): void; flush(): void };

/**
 * `schedule` decides how long a batch stays open: the relay uses setImmediate (everything one
 * event-loop turn produced), the browser a zero timeout.
 */
export function createFrameBatcher(
  send: (bytes: Uint8Array) => void,
  schedule: (run: () => void) => void = queueMicrotask,
): FrameBatcher {
  let queued: Uint8Array[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const frames = queued;
    queued = [];
    for (let i = 0; i < frames.length; i += MAX_BATCH_FRAMES) {
      const chunk = frames.slice(i, i + MAX_BATCH_FRAMES);
      send(chunk.length === 1 ? chunk[0]! : encodeFrame({ type: FRAME.BATCH, frames: chunk }));
    }
  };
  return {
    push(frame) {
      queued.push(frame instanceof Uint8Array ? frame : encodeFrame(frame));
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
  };
}
