import { describe, expect, it } from 'vitest';
import { combineProgress, progressShare, progressText } from './list-progress.ts';

describe('list progress', () => {
  it('PROJ-3: a screen is as far along as its least advanced source; preparing sources add up', () => {
    expect(combineProgress([{ state: 'complete' }, { state: 'complete' }])).toEqual({ state: 'complete' });
    expect(
      combineProgress([
        { state: 'preparing', done: 10, total: 50 },
        { state: 'complete' },
        { state: 'preparing', done: 5, total: 20 },
      ]),
    ).toEqual({ state: 'preparing', done: 15, total: 70 });
    expect(
      combineProgress([
        { state: 'preparing', done: 10, total: 50 },
        { state: 'arriving', done: 4210, total: 10541, connection: 'online' },
      ]),
    ).toEqual({ state: 'arriving', done: 4210, total: 10541, connection: 'online' });
    expect(combineProgress([])).toEqual({ state: 'complete' });
  });

  it('PROJ-3: says how many records have arrived, or why nothing arrives', () => {
    expect(progressText({ state: 'arriving', done: 4210, total: 10541, connection: 'online' })).toBe(
      'Syncing the practice: 4,210 of 10,541 records',
    );
    expect(progressText({ state: 'arriving', done: 0, total: 0, connection: 'connecting' })).toBe(
      'Syncing the practice: connecting…',
    );
    expect(progressText({ state: 'arriving', done: 0, total: 0, connection: 'offline' })).toMatch(
      /Waiting for the connection/,
    );
    expect(progressText({ state: 'preparing', done: 1200, total: 7900 })).toBe(
      'Preparing the lists: 1,200 of 7,900',
    );
  });

  it('gives a share for a progress bar only when there is something to count', () => {
    expect(progressShare({ state: 'starting' })).toBeNull();
    expect(progressShare({ state: 'arriving', done: 0, total: 0, connection: 'online' })).toBeNull();
    expect(progressShare({ state: 'preparing', done: 25, total: 100 })).toBe(0.25);
    expect(progressShare({ state: 'complete' })).toBe(1);
  });
});
