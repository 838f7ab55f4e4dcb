/**
 * Prometheus text exposition of the relay's health: connections, loaded documents, messages
 * and bytes (counters, plus per-second rates over the last sample for people reading the page),
 * persistence lag, refusals and closes. Counts and codes only: nothing here can carry PHI.
 */
import type { HubStats } from './sync-hub.ts';

export type RateSample = { at: number; framesIn: number; bytesIn: number };

export type MetricsInput = {
  stats: HubStats;
  previous: RateSample | null;
  now: number;
  process: { rssBytes: number; cpuSeconds: number; uptimeSeconds: number };
};

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function renderMetrics({ stats, previous, now, process }: MetricsInput): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'gauge' | 'counter', help: string, samples: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples)
      lines.push(`${name}${labels} ${Number.isFinite(value) ? value : 0}`);
  };
  const seconds = previous ? (now - previous.at) / 1000 : 0;
  metric('aligned_connections', 'gauge', 'Open sync connections by kind.', [
    ['{kind="mux"}', stats.peers.mux],
    ['{kind="doc"}', stats.peers.doc],
  ]);
  metric('aligned_loaded_documents', 'gauge', 'Documents held in memory for writing.', [
    ['', stats.loadedDocs],
  ]);
  metric('aligned_presence_documents', 'gauge', 'Documents with someone present.', [
    ['', stats.presenceDocs],
  ]);
  metric('aligned_messages_received_total', 'counter', 'WebSocket messages received.', [
    ['', stats.framesIn],
  ]);
  metric('aligned_bytes_received_total', 'counter', 'Bytes received in WebSocket messages.', [
    ['', stats.bytesIn],
  ]);
  metric('aligned_messages_per_second', 'gauge', 'Messages received per second since the previous sample.', [
    ['', seconds > 0 && previous ? (stats.framesIn - previous.framesIn) / seconds : 0],
  ]);
  metric('aligned_bytes_per_second', 'gauge', 'Bytes received per second since the previous sample.', [
    ['', seconds > 0 && previous ? (stats.bytesIn - previous.bytesIn) / seconds : 0],
  ]);
  metric('aligned_updates_stored_total', 'counter', 'Updates appended to storage.', [
    ['', stats.updatesStored],
  ]);
  metric('aligned_append_seconds_total', 'counter', 'Time spent appending updates durably.', [
    ['', stats.appendSecondsTotal],
  ]);
  metric('aligned_appends_in_flight', 'gauge', 'Appends started and not yet durable.', [
    ['', stats.appendsInFlight],
  ]);
  metric(
    'aligned_persistence_lag_seconds',
    'gauge',
    'Age of the oldest append not yet durable (0 when none).',
    [['', stats.oldestAppendMs / 1000]],
  );
  metric(
    'aligned_refusals_total',
    'counter',
    'Messages refused, by reason.',
    Object.entries(stats.refused).map(([reason, n]) => [`{reason="${escape(reason)}"}`, n]),
  );
  metric(
    'aligned_connections_closed_total',
    'counter',
    'Connections the relay closed, by close code.',
    Object.entries(stats.closed).map(([code, n]) => [`{code="${escape(code)}"}`, n]),
  );
  metric('process_resident_memory_bytes', 'gauge', 'Resident memory.', [['', process.rssBytes]]);
  metric('process_cpu_seconds_total', 'counter', 'User and system CPU time.', [['', process.cpuSeconds]]);
  metric('process_uptime_seconds', 'gauge', 'Seconds since the relay started.', [
    ['', process.uptimeSeconds],
  ]);
  return `${lines.join('\n')}\n`;
}
