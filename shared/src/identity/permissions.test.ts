import { describe, expect, it } from 'vitest';
import { StaffRole } from './staff.schema.ts';
import { ENTRY_RULES, type RelatedRecord } from './entry-rules.ts';
import { DOC_KINDS, parseDocName, type DocAddress, type DocKind } from '../documents/doc-names.ts';
import {
  can,
  canManage,
  DOC_ACCESS,
  docAccess,
  deniedReason,
  docPermission,
  collectionRight,
  mayAdd,
  locationOfSchedule,
  type Capability,
} from './permissions.ts';

const ROLES = StaffRole.options;
const KINDS = Object.keys(DOC_KINDS) as DocKind[];
const practiceId = 'prc_0123456789abcdef';
const LOC_A = 'loc_aaaaaaaaaaaaaaaa';
const LOC_B = 'loc_bbbbbbbbbbbbbbbb';
const DEVICE = 'dev_0123456789abcdef';
const OTHER_DEVICE = 'dev_fedcba9876543210';

const everywhere = (role: StaffRole) => ({ role, locationIds: [] as string[] });
const address = (kind: DocKind, key?: string): DocAddress =>
  key === undefined ? { practiceId, kind } : { practiceId, kind, key };

describe('PERM-1: the permission table', () => {
  it('has an entry for every role and every document kind', () => {
    expect(Object.keys(DOC_ACCESS).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) {
      expect(Object.keys(DOC_ACCESS[role]).sort()).toEqual([...KINDS].sort());
      for (const kind of KINDS) expect(['none', 'read', 'write']).toContain(DOC_ACCESS[role][kind]);
    }
  });

  it('lets read-only accounts write nothing', () => {
    for (const kind of KINDS) expect(DOC_ACCESS['read-only'][kind]).not.toBe('write');
  });

  it('keeps front desk from writing contracts, the ledger and practice settings', () => {
    expect(DOC_ACCESS['front-desk'].contracts).toBe('read');
    expect(DOC_ACCESS['front-desk'].ledger).toBe('read');
    expect(DOC_ACCESS['front-desk'].practice).toBe('read');
    for (const kind of ['patients', 'comms', 'insurance', 'schedule'] as const) {
      expect(DOC_ACCESS['front-desk'][kind]).toBe('write');
    }
  });

  it('gives doctors and assistants no access to ledgers or contracts', () => {
    for (const role of ['doctor', 'assistant'] as const) {
      expect(DOC_ACCESS[role].ledger).toBe('none');
      expect(DOC_ACCESS[role].contracts).toBe('none');
      expect(DOC_ACCESS[role].insurance).toBe('read');
      for (const kind of ['chart', 'comms', 'schedule', 'patients'] as const) {
        expect(DOC_ACCESS[role][kind]).toBe('write');
      }
    }
  });

  it('lets no role write audit trails, and only owners and managers read them', () => {
    for (const role of ROLES) {
      const expected = role === 'owner' || role === 'manager' ? 'read' : 'none';
      expect(DOC_ACCESS[role].audit).toBe(expected);
    }
  });

  it('decides these concrete cells as documented', () => {
    const cells: [StaffRole, DocKind, string][] = [
      ['owner', 'practice', 'write'],
      ['manager', 'ledger', 'write'],
      ['treatment-coordinator', 'contracts', 'write'],
      ['treatment-coordinator', 'ledger', 'write'],
      ['treatment-coordinator', 'practice', 'read'],
      ['billing', 'contracts', 'write'],
      ['billing', 'ledger', 'write'],
      ['billing', 'insurance', 'write'],
      ['billing', 'chart', 'read'],
      ['front-desk', 'insurance', 'write'],
      ['front-desk', 'chart', 'read'],
      ['doctor', 'chart', 'write'],
      ['assistant', 'ledger', 'none'],
      ['read-only', 'patients', 'read'],
      ['read-only', 'audit', 'none'],
    ];
    for (const [role, kind, access] of cells) expect(DOC_ACCESS[role][kind], `${role} ${kind}`).toBe(access);
  });
});

describe('PERM-2: document access', () => {
  it('lets a device add to its own audit trail whatever the role, and nothing more', () => {
    const own = address('audit', DEVICE);
    for (const role of ROLES) {
      expect(docPermission(everywhere(role), own, { deviceId: DEVICE }).write).toEqual({
        add: { entries: { fields: {} } },
      });
    }
  });

  it("never lets anyone write another device's audit trail", () => {
    const other = address('audit', OTHER_DEVICE);
    for (const role of ROLES) {
      expect(docPermission(everywhere(role), other, { deviceId: DEVICE }).write).toBe('none');
      expect(docPermission(everywhere(role), other).write).toBe('none');
      expect(docAccess(everywhere(role), other, { deviceId: DEVICE })).not.toBe('write');
    }
    expect(docAccess(everywhere('owner'), other, { deviceId: DEVICE })).toBe('read');
    expect(docAccess(everywhere('front-desk'), other, { deviceId: DEVICE })).toBe('none');
  });

  it('reading a trail follows the audit permission, whatever device asks', () => {
    for (const role of ROLES) {
      const reads = role === 'owner' || role === 'manager';
      for (const key of [DEVICE, OTHER_DEVICE]) {
        expect(docPermission(everywhere(role), address('audit', key), { deviceId: DEVICE }).read, role).toBe(
          reads,
        );
      }
    }
  });

  it('hides the schedules of other locations from a member limited to some locations', () => {
    const limited = { role: 'front-desk' as const, locationIds: [LOC_A] };
    const atA = parseDocName(`${practiceId}/schedule/${LOC_A}/2026-11-23`)!;
    const atB = parseDocName(`${practiceId}/schedule/${LOC_B}/2026-11-23`)!;
    expect(docAccess(limited, atA)).toBe('write');
    expect(docAccess(limited, atB)).toBe('none');
    expect(docAccess({ role: 'billing', locationIds: [LOC_A] }, atB)).toBe('none');
    expect(docAccess({ role: 'billing', locationIds: [LOC_A] }, atA)).toBe('read');
  });

  it('shows every location schedule to a member with no location limit', () => {
    const atB = address('schedule', `${LOC_B}/2026-11-23`);
    expect(docAccess(everywhere('front-desk'), atB)).toBe('write');
    expect(docAccess(everywhere('read-only'), atB)).toBe('read');
  });

  it('refuses a schedule document whose key names no location', () => {
    expect(docAccess(everywhere('owner'), address('schedule'))).toBe('none');
    expect(docAccess(everywhere('owner'), address('schedule', 'nonsense'))).toBe('none');
  });

  it('applies the table to documents that are not per-location or per-device', () => {
    expect(
      docAccess({ role: 'doctor', locationIds: [LOC_A] }, address('ledger', 'fam_0123456789abcdef')),
    ).toBe('none');
    expect(docAccess(everywhere('billing'), address('ledger', 'fam_0123456789abcdef'))).toBe('write');
  });

  it('reads the location from a schedule key', () => {
    expect(locationOfSchedule(`${LOC_A}/2026-11-23`)).toBe(LOC_A);
    expect(locationOfSchedule(LOC_A)).toBeNull();
    expect(locationOfSchedule(`${LOC_A}/2026-11/x`)).toBeNull();
    expect(locationOfSchedule('/2026-11')).toBeNull();
  });
});

describe('PERM-3: capabilities', () => {
  it('follow the table where a capability is a document write', () => {
    const pairs: [Capability, DocKind][] = [
      ['manage-practice', 'practice'],
      ['change-contract-terms', 'contracts'],
      ['edit-patients', 'patients'],
      ['schedule', 'schedule'],
    ];
    for (const role of ROLES) {
      for (const [capability, kind] of pairs) {
        expect(can(role, capability), `${role} ${capability}`).toBe(DOC_ACCESS[role][kind] === 'write');
      }
    }
  });

  it('reserve staff, password, session and audit administration for owners and managers', () => {
    for (const role of ROLES) {
      const admin = role === 'owner' || role === 'manager';
      for (const capability of [
        'manage-staff',
        'reset-passwords',
        'revoke-sessions',
        'view-audit',
      ] as const) {
        expect(can(role, capability), `${role} ${capability}`).toBe(admin);
      }
    }
  });

  it('PERM-6: let the treatment coordinator and front desk take payments, front desk nothing else of money', () => {
    expect(can('treatment-coordinator', 'take-payments')).toBe(true);
    expect(can('front-desk', 'take-payments')).toBe(true);
    expect(can('front-desk', 'change-contract-terms')).toBe(false);
    expect(can('doctor', 'take-payments')).toBe(false);
    expect(can('read-only', 'take-payments')).toBe(false);
  });
});

describe('KPI-30: the money figures of the reports', () => {
  it('are shown to the roles that write contracts and the ledger, not to the front desk who only takes payments', () => {
    for (const role of ['owner', 'manager', 'treatment-coordinator', 'billing'] as const)
      expect(can(role, 'view-money-reports'), role).toBe(true);
    for (const role of ['front-desk', 'doctor', 'assistant', 'read-only'] as const)
      expect(can(role, 'view-money-reports'), role).toBe(false);
  });
});

describe('PERM-3: managing staff', () => {
  it('lets an owner manage every role, owners included', () => {
    for (const target of ROLES) expect(canManage('owner', target)).toBe(true);
  });

  it('lets a manager manage everyone except owners', () => {
    for (const target of ROLES) expect(canManage('manager', target)).toBe(target !== 'owner');
  });

  it('lets no other role manage anyone', () => {
    for (const actor of ROLES.filter((r) => r !== 'owner' && r !== 'manager')) {
      for (const target of ROLES) expect(canManage(actor, target), `${actor} → ${target}`).toBe(false);
    }
  });
});

describe('PERM-4: denied reasons', () => {
  it('are null exactly when the table allows the access', () => {
    for (const role of ROLES) {
      for (const kind of KINDS) {
        const access = DOC_ACCESS[role][kind];
        expect(deniedReason(role, kind, 'read') === null).toBe(access !== 'none');
        expect(deniedReason(role, kind, 'write') === null).toBe(access === 'write');
      }
    }
  });

  it('explain in plain words what a role can and cannot do', () => {
    expect(deniedReason('front-desk', 'contracts', 'write')).toBe(
      'Front desk can view contracts but not change their terms.',
    );
    expect(deniedReason('doctor', 'ledger', 'read')).toBe('Doctors do not have access to account ledgers.');
    expect(deniedReason('front-desk', 'audit', 'read')).toBe(
      'Only owners and practice managers can view audit trails.',
    );
    expect(deniedReason('owner', 'audit', 'write')).toMatch(/written only by the device/);
  });
});

describe('PERM-6: finer permissions inside one document', () => {
  const LEDGER = address('ledger', 'fam_0123456789abcdef');
  const CHART = address('chart', 'pat_0123456789abcdef');

  it('lets front desk add inquiries and patient payments to documents it otherwise reads', () => {
    expect(docPermission(everywhere('front-desk'), CHART)).toEqual({
      read: true,
      write: {
        add: {
          cases: { fields: { status: ['inquiry'] } },
          caseEvents: { fields: {}, rule: 'case-opening-or-visit-note' },
        },
      },
    });
    expect(mayAdd('front-desk', 'chart', 'cases', { status: 'inquiry' })).toBe(true);
    expect(mayAdd('front-desk', 'chart', 'cases', { status: 'started' })).toBe(false);
    const opening = { value: 'inquiry', created: true, counted: 1 };
    expect(mayAdd('front-desk', 'chart', 'caseEvents', { to: 'inquiry' }, opening)).toBe(true);
    expect(mayAdd('front-desk', 'chart', 'caseEvents', { to: 'declined' }, opening)).toBe(false);
    for (const method of ['cash', 'check', 'card']) {
      expect(mayAdd('front-desk', 'ledger', 'entries', { kind: 'payment', payer: 'patient', method })).toBe(
        true,
      );
    }
    expect(docPermission(everywhere('front-desk'), LEDGER).read).toBe(true);
  });

  it('keeps treatment options, fees, contract terms, reversals and adjustments from front desk', () => {
    expect(collectionRight('front-desk', 'chart', 'options')).toEqual({ right: 'none' });
    expect(collectionRight('front-desk', 'contracts', 'contracts')).toEqual({ right: 'none' });
    expect(collectionRight('front-desk', 'contracts', 'amendments')).toEqual({ right: 'none' });
    expect(collectionRight('front-desk', 'chart', 'constructor')).toEqual({ right: 'none' });
    for (const kind of ['reversal', 'adjustment', 'charge', 'refund']) {
      expect(
        mayAdd('front-desk', 'ledger', 'entries', { kind, payer: 'patient', method: 'cash' }),
        kind,
      ).toBe(false);
    }
    expect(
      mayAdd('front-desk', 'ledger', 'entries', { kind: 'payment', payer: 'insurance', method: 'check' }),
    ).toBe(false);
    expect(mayAdd('front-desk', 'ledger', 'entries', { kind: 'payment', payer: 'patient' })).toBe(false);
  });

  it('APPEND-2: never offers more than adding to an append-only collection, whatever the role', () => {
    for (const role of ROLES) {
      expect(collectionRight(role, 'ledger', 'entries').right).not.toBe('edit');
      expect(collectionRight(role, 'chart', 'caseEvents').right).not.toBe('edit');
      expect(collectionRight(role, 'audit', 'entries').right).toBe('none');
    }
    expect(collectionRight('treatment-coordinator', 'chart', 'cases')).toEqual({ right: 'edit' });
    expect(collectionRight('billing', 'ledger', 'entries')).toEqual({ right: 'add' });
  });

  it('gives whole-document writers everything and readers without grants nothing', () => {
    expect(docPermission(everywhere('billing'), LEDGER)).toEqual({ read: true, write: 'all' });
    expect(docPermission(everywhere('read-only'), LEDGER)).toEqual({ read: true, write: 'none' });
    expect(docPermission(everywhere('doctor'), LEDGER)).toEqual({ read: false, write: 'none' });
  });
});

describe('PERM-10: front desk’s case events are the opening of an inquiry it opens and visit notes on its cases', () => {
  const rule = ENTRY_RULES['case-opening-or-visit-note'];
  const CASE = 'cas_0123456789abcdef';
  const visit = {
    appointmentId: 'apt_0123456789abcdef',
    stage: 'adjustment',
    what: 'arrived',
    start: '2026-11-25T15:00:00.000Z',
  };
  const stored = (status: string): RelatedRecord => ({ value: status, created: false, counted: 0 });
  const openedHere = (counted = 1): RelatedRecord => ({ value: 'inquiry', created: true, counted });
  const deskAdds = (entry: Record<string, unknown>, related?: RelatedRecord | null) =>
    mayAdd('front-desk', 'chart', 'caseEvents', entry, related);

  it('names the case an event names and reads its status', () => {
    expect(rule.names).toEqual({ by: 'caseId', collection: 'cases', reads: 'status' });
    expect(collectionRight('front-desk', 'chart', 'caseEvents')).toEqual({
      right: 'add',
      condition: {},
      rule: 'case-opening-or-visit-note',
    });
  });

  it('admits the opening event of an inquiry created by the same write, its only status move', () => {
    expect(deskAdds({ caseId: CASE, to: 'inquiry' }, openedHere())).toBe(true);
    expect(deskAdds({ caseId: CASE, to: 'inquiry' }, openedHere(2))).toBe(false);
  });

  it('refuses a to-inquiry status move on a case that already exists, whatever its status (a planted move)', () => {
    for (const status of ['started', 'exam', 'inquiry']) {
      expect(deskAdds({ caseId: CASE, to: 'inquiry' }, stored(status)), status).toBe(false);
      expect(deskAdds({ caseId: CASE, from: status, to: 'inquiry' }, stored(status)), status).toBe(false);
    }
  });

  it('refuses any other status move, and an opening event that names a from', () => {
    expect(deskAdds({ caseId: CASE, to: 'exam' }, { value: 'exam', created: true, counted: 1 })).toBe(false);
    expect(deskAdds({ caseId: CASE, from: 'started', to: 'inquiry' }, openedHere())).toBe(false);
    expect(deskAdds({ caseId: CASE, from: 'inquiry', to: 'exam' }, stored('inquiry'))).toBe(false);
  });

  it('admits a visit note at the case’s current status, on a case in treatment too', () => {
    expect(deskAdds({ caseId: CASE, to: 'started', visit }, stored('started'))).toBe(true);
    expect(deskAdds({ caseId: CASE, to: 'inquiry', visit }, stored('inquiry'))).toBe(true);
    expect(deskAdds({ caseId: CASE, to: 'inquiry', visit }, openedHere())).toBe(true);
  });

  it('admits a visit note written on a copy that had not seen the case’s latest move (its to is not a status)', () => {
    expect(deskAdds({ caseId: CASE, to: 'accepted', visit }, stored('started'))).toBe(true);
  });

  it('refuses a visit note that names a from, or whose visit is not a note', () => {
    expect(deskAdds({ caseId: CASE, from: 'started', to: 'started', visit }, stored('started'))).toBe(false);
    expect(deskAdds({ caseId: CASE, to: 'started', visit: 'arrived' }, stored('started'))).toBe(false);
  });

  it('refuses any event for a case the chart does not have, and judges nothing without the case', () => {
    expect(deskAdds({ caseId: CASE, to: 'inquiry', visit }, null)).toBe(false);
    expect(deskAdds({ caseId: CASE, to: 'inquiry' }, null)).toBe(false);
    expect(deskAdds({ caseId: CASE, to: 'inquiry' })).toBe(false);
    expect(
      deskAdds({ caseId: CASE, to: 'started', visit }, { value: undefined, created: false, counted: 0 }),
    ).toBe(false);
  });

  it('counts status moves, not visit notes', () => {
    expect(rule.counts({ caseId: CASE, to: 'inquiry' })).toBe(true);
    expect(rule.counts({ caseId: CASE, to: 'inquiry', visit })).toBe(false);
  });

  it('leaves whole-chart writers free to add any event', () => {
    for (const role of ['owner', 'treatment-coordinator', 'doctor'] as const) {
      expect(mayAdd(role, 'chart', 'caseEvents', { caseId: CASE, from: 'started', to: 'inquiry' })).toBe(
        true,
      );
    }
  });
});
