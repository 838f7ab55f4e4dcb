import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { appendAudit, auditDocName, readAudit } from './audit-doc.ts';
import { parseDocName } from '../documents/doc-names.ts';
import { localOrigin, REMOTE } from '../documents/origins.ts';

const origin = localOrigin('stf_alice0000000000', 'dev_laptop000000000');
const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 15, 0, s)).toISOString();

describe('AUDIT-3: audit trail document', () => {
  it('is named per device and practice', () => {
    expect(parseDocName(auditDocName('prc_0123456789abcdef', 'dev_laptop000000000'))).toEqual({
      practiceId: 'prc_0123456789abcdef',
      kind: 'audit',
      key: 'dev_laptop000000000',
    });
  });

  it('appends chained entries stamped with who and which device, and verifies', () => {
    const doc = new Y.Doc();
    appendAudit(doc, origin, {
      at: at(1),
      action: 'view',
      entity: 'patient',
      entityId: 'pat_0123456789abcdef',
      patientId: 'pat_0123456789abcdef',
    });
    appendAudit(doc, origin, {
      at: at(2),
      action: 'update',
      entity: 'patient',
      entityId: 'pat_0123456789abcdef',
      patientId: 'pat_0123456789abcdef',
      fields: ['phone'],
    });
    const { entries, verdict } = readAudit(doc);
    expect(verdict).toEqual({ ok: true, count: 2 });
    expect(entries.map((e) => [e.seq, e.action, e.actor, e.deviceId])).toEqual([
      [1, 'view', 'stf_alice0000000000', 'dev_laptop000000000'],
      [2, 'update', 'stf_alice0000000000', 'dev_laptop000000000'],
    ]);
  });

  it('AUDIT-2: shows tampering by anyone who edits the document directly', () => {
    const doc = new Y.Doc();
    for (let i = 1; i <= 3; i++)
      appendAudit(doc, origin, {
        at: at(i),
        action: 'view',
        entity: 'patient',
        entityId: 'pat_0123456789abcdef',
      });
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    copy.transact(() => copy.getArray('entries').delete(1, 1), REMOTE);
    expect(readAudit(copy).verdict).toMatchObject({ ok: false, index: 1 });
  });
});
