import { describe, expect, it } from 'vitest';
import { createLoadGate } from './load-gate.ts';

/** A timer the test fires by hand. */
function manualTimer() {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    set: (run: () => void) => (pending.set(++next, run), next),
    clear: (handle: unknown) => pending.delete(handle as number),
    fire: () => [...pending.values()].forEach((run) => run()),
    get pending() {
      return pending.size;
    },
  };
}

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
};

describe('the load gate', () => {
  it('lets the load through at once when no screen holds it', async () => {
    const gate = createLoadGate(manualTimer());
    expect(await settled(gate.passed(1500))).toBe(true);
    expect(gate.open).toBe(true);
  });

  it('waits for every hold to end, then opens', async () => {
    const timer = manualTimer();
    const gate = createLoadGate(timer);
    const first = gate.hold();
    const second = gate.hold();
    expect(gate.held).toBe(true);
    const passed = gate.passed(1500);
    first();
    first();
    expect(await settled(passed)).toBe(false);
    second();
    expect(gate.held).toBe(false);
    expect(await settled(passed)).toBe(true);
    expect(timer.pending).toBe(0);
  });

  it('opens after the limit even if a screen never ends its hold', async () => {
    const timer = manualTimer();
    const gate = createLoadGate(timer);
    gate.hold();
    const passed = gate.passed(1500);
    expect(await settled(passed)).toBe(false);
    timer.fire();
    expect(await settled(passed)).toBe(true);
  });

  it('ignores holds once open', async () => {
    const gate = createLoadGate(manualTimer());
    await gate.passed(1500);
    gate.hold();
    expect(await settled(gate.passed(1500))).toBe(true);
  });
});
