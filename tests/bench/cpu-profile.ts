/**
 * Chromium CPU profiles for the benchmarks: where a figure's time goes. `BENCH_PROFILE_DIR=dir`
 * makes the browser benchmarks that support it write `.cpuprofile` files there (open them in
 * Chromium's DevTools) and print the functions with the most self time.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
export type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

export const profileDir = (): string | null => process.env.BENCH_PROFILE_DIR || null;

export async function startProfiling(context: BrowserContext, page: Page): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return cdp;
}

/** Self time per function (name, file, line), the largest first. */
export function summarise(profile: CpuProfile, top = 30): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!)!;
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const f = node.callFrame;
    const file = f.url.split('/').pop() ?? '';
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `total sampled ${total.toFixed(0)} ms`,
    ...rows.map(([k, ms]) => `${ms.toFixed(1).padStart(9)} ms  ${k}`),
  ];
}

/** Stops the profiler, writes `<dir>/<name>.cpuprofile` and logs its summary. */
export async function stopProfiling(cdp: CDPSession, dir: string, name: string, log: (line: string) => void) {
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  const file = join(dir, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  log(`== ${name} (${file})`);
  for (const line of summarise(profile)) log(line);
}
