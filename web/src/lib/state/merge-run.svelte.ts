/**
 * The merge tool's run, the same for patients and families (PAT-101, FAM-101): busy while the merge
 * runs, the reason when it is refused, and on success a toast and the way to the survivor's page.
 */
import { goto } from '$app/navigation';
import type { MergeRecord, Result, WriteError } from '@aligned/shared';
import { toasts } from './toasts.svelte.ts';
import { writeErrorText } from '../write-error.ts';

export class MergeRun {
  busy = $state(false);
  problem = $state<string | null>(null);

  async run(
    merge: () => Promise<Result<MergeRecord, WriteError>>,
    done: { toast: string; survivorPage: string },
  ): Promise<void> {
    this.busy = true;
    this.problem = null;
    const result = await merge();
    this.busy = false;
    if (!result.ok) return void (this.problem = writeErrorText(result.error));
    toasts.show(done.toast);
    await goto(done.survivorPage);
  }
}
