/**
 * A record's page after merges (PAT-102, PAT-103): a merged-away id's address leads to its
 * survivor, and the survivor's page carries in what another device added to its merged-away
 * records meanwhile (idempotent: nothing moves when nothing is new). Call from a page's script.
 */
import { untrack } from 'svelte';
import { goto } from '$app/navigation';
import type { AppState } from './app.svelte.ts';
import { carryAliases } from './merge-records.ts';

export function followMerges(
  app: AppState,
  kind: 'patient' | 'family',
  id: () => string,
  pathOf: (survivorId: string) => string,
): void {
  $effect(() => {
    const current = id();
    const survivor = app.patients?.resolve(current);
    if (survivor && survivor !== current) void goto(pathOf(survivor), { replaceState: true });
  });
  $effect(() => {
    const current = id();
    const aliases = app.patients?.aliasesOf(current) ?? [];
    if (aliases.length > 0 && app.canMerge(kind))
      untrack(() => void carryAliases(app, kind, current, aliases));
  });
}
