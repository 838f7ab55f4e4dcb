/**
 * The appointments of the book window (every active location, BOOK_WINDOW around today) from the
 * device projection, for practice-wide lists that span the book: the recovery lists and the
 * insurance worklist. Call from a component's script: the weeks are held while it lives.
 */
import { bookWindowKeys, type AppointmentRow } from '@aligned/shared';
import type { AppState } from './app.svelte.ts';
import { AppointmentWeeks } from './projection.svelte.ts';

export function bookWindowRows(app: AppState): { readonly rows: AppointmentRow[]; readonly loaded: boolean } {
  const keyList = $derived(
    bookWindowKeys(
      (app.practice?.activeLocations ?? []).map((l) => l.id),
      app.today(),
    ).join(' '),
  );
  let weeks = $state.raw<AppointmentWeeks | null>(null);
  $effect(() => {
    if (!app.projection || keyList === '') return;
    const held = new AppointmentWeeks(app.projection, keyList.split(' '));
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
