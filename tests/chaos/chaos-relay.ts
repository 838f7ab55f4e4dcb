/**
 * The test side of the relay worker (chaos-relay-worker.ts): the same `connect` as the sync hub,
 * carried over the worker's message port, and `kill` as `worker.terminate()`.
 */
import { Worker } from 'node:worker_threads';
import type { Principal } from '@aligned/sync-server/src/auth/authorizer.ts';
import type { Peer, PeerSink } from '@aligned/sync-server/src/sync-hub.ts';
import type { FromRelay, ToRelay } from './chaos-relay-worker.ts';

export type RelayStats = { heapMb: number; loadedDocs: number };

export class RelayProcess {
  readonly #worker: Worker;
  readonly #sinks = new Map<number, PeerSink>();
  readonly #replies = new Map<number, (value: unknown) => void>();
  #next = 1;
  #dead = false;
  readonly ready: Promise<void>;

  constructor(file: string) {
    this.#worker = new Worker(new URL('./chaos-relay-worker.mjs', import.meta.url), { workerData: { file } });
    this.#worker.on('message', (message: FromRelay) => {
      if (this.#dead) return;
      if (message.type === 'reply') {
        this.#replies.get(message.request)?.(message.value);
        this.#replies.delete(message.request);
      } else if (message.type === 'send') this.#sinks.get(message.id)?.send(message.bytes);
      else if (message.type === 'close') this.#sinks.get(message.id)?.close(message.code, message.reason);
    });
    this.#worker.on('error', (error) => {
      if (!this.#dead) throw error;
    });
    this.ready = new Promise((resolve) => this.#worker.once('online', () => resolve()));
  }

  #post(message: ToRelay) {
    if (!this.#dead) this.#worker.postMessage(message);
  }

  #ask<T>(build: (request: number) => ToRelay): Promise<T> {
    if (this.#dead) return Promise.resolve(null as T);
    const request = this.#next++;
    return new Promise<T>((resolve) => {
      this.#replies.set(request, resolve as (value: unknown) => void);
      this.#post(build(request));
    });
  }

  connect(principal: Principal, sink: PeerSink): Peer {
    const id = this.#next++;
    this.#sinks.set(id, sink);
    this.#post({
      type: 'connect',
      id,
      practiceId: principal.practiceId,
      userId: principal.userId,
      deviceId: principal.deviceId ?? '',
    });
    return {
      receive: (bytes) => this.#post({ type: 'receive', id, bytes }),
      disconnect: () => {
        this.#sinks.delete(id);
        this.#post({ type: 'disconnect', id });
      },
      idle: () => this.#ask((request) => ({ type: 'idle', id, request })),
    };
  }

  compact(doc: string): Promise<void> {
    return this.#ask((request) => ({ type: 'compact', doc, request }));
  }

  stats(): Promise<RelayStats | null> {
    return this.#ask((request) => ({ type: 'stats', request }));
  }

  /** kill -9: the thread stops wherever it is; nothing is flushed or closed in order. */
  async kill(): Promise<void> {
    this.#dead = true;
    for (const resolve of this.#replies.values()) resolve(null);
    this.#replies.clear();
    await this.#worker.terminate();
  }
}
