import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { userContext } from '../test-support/fixtures.ts';
import { addMedicalAlert, readMedicalAlerts, removeMedicalAlert } from './medical-alerts.ts';

const ctx = userContext('stf_doctor000000001');

describe('medical alerts (REC-6)', () => {
  it('REC-6: alerts are kept with who added them and read allergies first', () => {
    const doc = new Y.Doc();
    expect(addMedicalAlert(doc, ctx, { kind: 'condition', text: 'Asthma' }).ok).toBe(true);
    expect(addMedicalAlert(doc, ctx, { kind: 'allergy', text: ' Latex ' }).ok).toBe(true);
    const alerts = readMedicalAlerts(doc);
    expect(alerts.map((a) => [a.kind, a.text, a.addedBy])).toEqual([
      ['allergy', 'Latex', 'stf_doctor000000001'],
      ['condition', 'Asthma', 'stf_doctor000000001'],
    ]);
  });

  it('REC-6: the same alert is not added twice, an empty one not at all, and a removed one is gone', () => {
    const doc = new Y.Doc();
    const latex = addMedicalAlert(doc, ctx, { kind: 'allergy', text: 'Latex' });
    expect(addMedicalAlert(doc, ctx, { kind: 'allergy', text: 'latex' })).toEqual({
      ok: false,
      error: { kind: 'invalid', issues: [{ path: 'text', message: 'Already on the chart' }] },
    });
    const empty = addMedicalAlert(doc, ctx, { kind: 'allergy', text: '  ' });
    expect(!empty.ok && empty.error.kind === 'invalid' && empty.error.issues[0]?.message).toBe(
      'Say what it is',
    );
    if (!latex.ok) throw new Error('not added');
    expect(removeMedicalAlert(doc, ctx, latex.value.id)).toEqual({ ok: true, value: true });
    expect(readMedicalAlerts(doc)).toEqual([]);
  });
});
