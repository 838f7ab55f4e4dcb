/**
 * The network of the chaos test: each connection between a device and the relay is two FIFO
 * queues (device → relay, relay → device) that the world drains a few messages at a time, so
 * messages are delayed by however many steps they wait, and the seeded world decides what
 * arrives when. Order within a direction is kept, as TCP keeps it.
 *
 * Faults: a partition cuts a device's connection (what was in flight is lost, or what the device
 * sent reaches the relay late, after the device has already reconnected); the relay's messages
 * may arrive twice; a dead relay or a partitioned device cannot connect at all.
 */
import type { SocketLike } from '@aligned/shared';
import type { Principal } from '@aligned/sync-server/src/auth/authorizer.ts';
import type { Peer, PeerSink } from '@aligned/sync-server/src/sync-hub.ts';
import type { Rng } from '../fixtures/random.ts';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

export type Connection = {
  id: number;
  device: string;
  up: Uint8Array[];
  down: Uint8Array[];
  socket: SocketLike & { readyState: number };
  peer: Peer | null;
  /** The relay (hub) this connection reached: a killed relay's connections are dead. */
  relay: number;
  /** The device closed it: what it sent before still reaches the relay, then the relay hears the close. */
  clientClosed: boolean;
  /** The relay closed it: what it sent before still reaches the device, then the device hears the close. */
  serverClose: { code: number; reason: string } | null;
  /** Cut: nothing more reaches the device; queued `up` frames may still reach the relay (late). */
  cut: boolean;
};

export type NetworkStats = {
  connections: number;
  delivered: number;
  duplicated: number;
  lostInFlight: number;
  deliveredLate: number;
  refusedConnects: number;
};

export type NetworkOptions = {
  /** Chance that a relay → device message is delivered twice. */
  duplicate: number;
};

export function createNetwork(rng: Rng, options: NetworkOptions) {
  const connections = new Set<Connection>();
  let nextId = 1;
  const stats: NetworkStats = {
    connections: 0,
    delivered: 0,
    duplicated: 0,
    lostInFlight: 0,
    deliveredLate: 0,
    refusedConnects: 0,
  };

  function fireClose(connection: Connection, code: number, reason: string) {
    const socket = connection.socket;
    if (socket.readyState === CLOSED) return;
    socket.readyState = CLOSED;
    queueMicrotask(() => socket.onclose?.({ code, reason }));
  }

  function retire(connection: Connection) {
    connection.peer?.disconnect();
    connection.peer = null;
    connections.delete(connection);
  }

  /** A connection attempt that fails (relay down, device partitioned): closed without opening. */
  function refused(): SocketLike {
    stats.refusedConnects += 1;
    const socket: SocketLike & { readyState: number } = {
      binaryType: 'arraybuffer',
      readyState: CONNECTING,
      onopen: null,
      onclose: null,
      onmessage: null,
      onerror: null,
      send() {},
      close() {},
    };
    setTimeout(() => {
      socket.readyState = CLOSED;
      socket.onclose?.({ code: 1006, reason: 'unreachable' });
    }, 0);
    return socket;
  }

  return {
    stats,
    connections,

    /** Opens a connection from a device to the hub (or fails, when `reachable` is false). */
    connect(
      device: string,
      hub: { connect(principal: Principal, sink: PeerSink): Peer } | null,
      relay: number,
      principal: Principal,
      reachable: boolean,
    ): SocketLike {
      if (!reachable || !hub) return refused();
      stats.connections += 1;
      const connection = {
        id: nextId++,
        device,
        up: [],
        down: [],
        peer: null,
        relay,
        clientClosed: false,
        serverClose: null,
        cut: false,
      } as unknown as Connection;
      const socket: SocketLike & { readyState: number } = {
        binaryType: 'arraybuffer',
        readyState: CONNECTING,
        onopen: null,
        onclose: null,
        onmessage: null,
        onerror: null,
        send(data) {
          if (socket.readyState !== OPEN || connection.cut || connection.clientClosed) return;
          connection.up.push(data.slice());
        },
        close() {
          if (socket.readyState === CLOSED) return;
          socket.readyState = CLOSED;
          connection.clientClosed = true;
          connection.down = [];
          if (connection.up.length === 0) retire(connection);
        },
      };
      connection.socket = socket;
      connection.peer = hub.connect(principal, {
        send(bytes) {
          if (connection.cut || connection.clientClosed || connection.serverClose) return;
          connection.down.push(bytes.slice());
          if (rng.chance(options.duplicate)) {
            connection.down.push(bytes.slice());
            stats.duplicated += 1;
          }
        },
        close(code, reason) {
          if (connection.cut || connection.clientClosed || connection.serverClose) return;
          connection.serverClose = { code, reason };
          connection.up = [];
          if (connection.down.length === 0) fireClose(connection, code, reason);
        },
      });
      connections.add(connection);
      setTimeout(() => {
        if (connection.cut || connection.serverClose || socket.readyState !== CONNECTING) return;
        socket.readyState = OPEN;
        socket.onopen?.({});
      }, 0);
      return socket;
    },

    /**
     * Cuts a connection as a lost network does: the device hears a 1006 close; what it had sent
     * is lost, or (`late`) still reaches the relay on the old connection, after the device may
     * already have reconnected.
     */
    cut(connection: Connection, late: boolean) {
      if (connection.cut) return;
      connection.cut = true;
      stats.lostInFlight += connection.down.length + (late ? 0 : connection.up.length);
      connection.down = [];
      if (!late) connection.up = [];
      fireClose(connection, 1006, 'network lost');
      if (connection.up.length === 0) retire(connection);
    },

    /** Forgets every connection of a relay that was killed: nothing it queued is delivered. */
    killRelay(relay: number) {
      for (const connection of [...connections]) {
        if (connection.relay !== relay) continue;
        stats.lostInFlight += connection.up.length + connection.down.length;
        connection.up = [];
        connection.down = [];
        connection.cut = true;
        connection.peer = null;
        connections.delete(connection);
        fireClose(connection, 1006, 'relay gone');
      }
    },

    /** Delivers up to `budget` messages, picking connections and directions at random. */
    deliver(budget: number, pick: Rng): number {
      let done = 0;
      for (let i = 0; i < budget; i++) {
        const ready = [...connections].filter((c) => c.up.length > 0 || c.down.length > 0);
        if (ready.length === 0) break;
        const connection = pick.pick(ready);
        const toRelay = connection.up.length > 0 && (connection.down.length === 0 || pick.chance(0.5));
        if (toRelay) {
          const bytes = connection.up.shift()!;
          if (connection.cut) stats.deliveredLate += 1;
          connection.peer?.receive(bytes);
          if (connection.up.length === 0 && (connection.cut || connection.clientClosed)) retire(connection);
        } else {
          const bytes = connection.down.shift()!;
          const socket = connection.socket;
          if (socket.readyState === OPEN) socket.onmessage?.({ data: bytes });
          if (connection.down.length === 0 && connection.serverClose) {
            fireClose(connection, connection.serverClose.code, connection.serverClose.reason);
            retire(connection);
          }
        }
        stats.delivered += 1;
        done += 1;
      }
      return done;
    },

    /** Messages waiting anywhere. */
    queued(): number {
      let n = 0;
      for (const c of connections) n += c.up.length + c.down.length;
      return n;
    },

    of(device: string): Connection[] {
      return [...connections].filter((c) => c.device === device && !c.cut && !c.clientClosed);
    },
  };
}

export type Network = ReturnType<typeof createNetwork>;
