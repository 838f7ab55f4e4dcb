/**
 * The appointments of some weeks of the book from the device projection, for practice-wide lists
 * that span the book: the book window (every active location, BOOK_WINDOW around today) for the
 * recovery lists and the insurance worklist, a period's weeks for the reports. Call from a
 * component's script: the weeks are held while it lives.
 */
import { bookWindowKeys, type AppointmentRow } from '@aligned/shared';
import type { AppState } from './app.svelte.ts';
import { AppointmentWeeks } from './projection.svelte.ts';

export type HeldRows = { readonly rows: AppointmentRow[]; readonly loaded: boolean };

/** The rows of the appointments keys `keyList` names (space-separated), held while they are asked for. */
export function heldWeekRows(app: AppState, keyList: () => string): HeldRows {
  let weeks = $state.raw<AppointmentWeeks | null>(null);
  $effect(() => {
    const keys = keyList();
    if (!app.projection || keys === '') return;
    const held = new AppointmentWeeks(app.projection, keys.split(' '));
    weeks = held;
    return () => held.close();
  });
  return {
    get rows() {
      return weeks?.rows ?? [];
    },
    get loaded() {
      return weeks?.loaded ?? false;
    },
  };
}

export function bookWindowRows(app: AppState): HeldRows {
  const keyList = $derived(
    bookWindowKeys(
      (app.practice?.activeLocations ?? []).map((l) => l.id),
      app.today(),
    ).join(' '),
  );
  return heldWeekRows(app, () => keyList);
}
