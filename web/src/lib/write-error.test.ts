import { describe, expect, it } from 'vitest';
import { writeErrorText } from './write-error.ts';

describe('writeErrorText', () => {
  it('joins the messages of what is invalid', () => {
    expect(
      writeErrorText({
        kind: 'invalid',
        issues: [
          { path: 'reason', message: 'Say why they declined.' },
          { path: 'recallDate', message: 'Choose the recall date.' },
        ],
      }),
    ).toBe('Say why they declined. Choose the recall date.');
  });

  it('explains that a logged entry is corrected by a new one', () => {
    expect(writeErrorText({ kind: 'append-only', id: 'com_0000000000000000' })).toMatch(/new entry/);
  });

  it('sends people to the update when a newer version wrote the record', () => {
    expect(writeErrorText({ kind: 'read-only', reason: 'too-new' })).toMatch(/update the app/);
  });
});
