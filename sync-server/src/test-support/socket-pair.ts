/**
 * An in-memory socket between a SyncClient and the hub: the real protocol, every frame copied
 * and delivered asynchronously, no network. `drop()` simulates the network going away.
 */
import type { SocketLike } from '@aligned/shared';
import type { Principal } from '../auth/authorizer.ts';
import type { SyncHub } from '../sync-hub.ts';

export type TestSocket = Omit<SocketLike, 'readyState'> & {
  readyState: number;
  drop(): void;
  closedWith: { code: number; reason: string } | null;
};

export function socketTo(hub: SyncHub, principal: Principal): TestSocket {
  let peer: ReturnType<SyncHub['connect']> | null = null;
  const socket: TestSocket = {
    binaryType: 'arraybuffer',
    readyState: 0,
    closedWith: null,
    onopen: null,
    onclose: null,
    onmessage: null,
    onerror: null,
    send(data) {
      if (socket.readyState !== 1 || !peer) return;
      const copy = data.slice();
      queueMicrotask(() => peer?.receive(copy));
    },
    close(code = 1000, reason = '') {
      if (socket.readyState === 3) return;
      socket.readyState = 3;
      peer?.disconnect();
      socket.closedWith = { code, reason };
      queueMicrotask(() => socket.onclose?.({ code, reason }));
    },
    drop() {
      socket.close(1006, 'network lost');
    },
  };
  queueMicrotask(() => {
    peer = hub.connect(principal, {
      send(bytes) {
        if (socket.readyState !== 1) return;
        const copy = bytes.slice();
        queueMicrotask(() => socket.onmessage?.({ data: copy.buffer }));
      },
      close(code, reason) {
        socket.close(code, reason);
      },
    });
    socket.readyState = 1;
    socket.onopen?.({});
  });
  return socket;
}

export function principalFor(
  practiceId: string,
  access: 'read' | 'write' = 'write',
  userId = 'stf_tester0000000000',
): Principal {
  return {
    practiceId,
    userId,
    displayName: `Tester ${userId.slice(4, 8)}`,
    access: (doc) => (doc.practiceId === practiceId ? access : 'none'),
  };
}
