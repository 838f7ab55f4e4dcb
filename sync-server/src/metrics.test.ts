import { describe, expect, it } from 'vitest';
import { renderMetrics } from './metrics.ts';

const stats = {
  peers: { mux: 3, doc: 1 },
  loadedDocs: 2,
  presenceDocs: 1,
  framesIn: 150,
  bytesIn: 15_000,
  updatesStored: 40,
  refused: { 'read-only': 2 },
  closed: { '4429': 1 },
  appendsInFlight: 1,
  oldestAppendMs: 250,
  appendSecondsTotal: 0.5,
};

describe('metrics', () => {
  it('render connections, documents, rates, lag and refusals in Prometheus text format', () => {
    const text = renderMetrics({
      stats,
      previous: { at: 0, framesIn: 50, bytesIn: 5_000 },
      now: 10_000,
      process: { rssBytes: 1_000_000, cpuSeconds: 1.5, uptimeSeconds: 60 },
    });
    expect(text).toContain('aligned_connections{kind="mux"} 3');
    expect(text).toContain('aligned_loaded_documents 2');
    expect(text).toContain('aligned_messages_per_second 10');
    expect(text).toContain('aligned_bytes_per_second 1000');
    expect(text).toContain('aligned_persistence_lag_seconds 0.25');
    expect(text).toContain('aligned_refusals_total{reason="read-only"} 2');
    expect(text).toContain('aligned_connections_closed_total{code="4429"} 1');
    expect(text).toContain('# TYPE aligned_updates_stored_total counter');
    // Every sample line is "name{labels} number".
    for (const line of text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'))) {
      expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[0-9.e+-]+$/);
    }
  });
});
