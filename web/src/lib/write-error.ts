/** What to tell a person when a command refused a change (shared commands return these as values). */
import type { WriteError } from '@aligned/shared';

export function writeErrorText(error: WriteError): string {
  switch (error.kind) {
    case 'invalid':
      return error.issues.map((issue) => issue.message).join(' ') || 'Something is not filled in right.';
    case 'not-found':
      return 'It no longer exists: it may have been removed on another device.';
    case 'append-only':
      return 'Logged entries are never changed: add a new entry that corrects it.';
    case 'read-only':
      return error.reason === 'too-new'
        ? 'A newer version of Aligned wrote this: update the app to change it.'
        : 'This needs the app to finish updating its data first.';
    case 'denied':
      return error.reason;
  }
}
