import { describe, expect, it } from 'vitest';
import {
  appendEntry,
  auditCsv,
  type AuditEntry,
  type AuditEntryData,
  canonicalJson,
  csvCell,
  entryHash,
  GENESIS_HASH,
  verifyChain,
} from './audit-chain.ts';

const DEVICE = 'dev_0123456789abcdef';
const ALICE = 'stf_alice0000000000';
const BOB = 'stf_bob00000000000000';
const PATIENT = 'pat_0123456789abcdef';
const FAMILY = 'fam_0123456789abcdef';

const DATA: AuditEntryData[] = [
  {
    at: '2026-11-25T14:03:00.000Z',
    actor: ALICE,
    deviceId: DEVICE,
    action: 'view',
    entity: 'patient',
    entityId: PATIENT,
    patientId: PATIENT,
  },
  {
    at: '2026-11-25T14:04:10.000Z',
    actor: ALICE,
    deviceId: DEVICE,
    action: 'update',
    entity: 'patient',
    entityId: PATIENT,
    patientId: PATIENT,
    fields: ['firstName', 'address.line1'],
  },
  {
    at: '2026-11-25T14:05:00.000Z',
    actor: BOB,
    deviceId: DEVICE,
    action: 'create',
    entity: 'family',
    entityId: FAMILY,
  },
  {
    at: '2026-11-25T14:06:00.000Z',
    actor: BOB,
    deviceId: DEVICE,
    action: 'print',
    entity: 'patient',
    entityId: PATIENT,
    patientId: PATIENT,
  },
  {
    at: '2026-11-25T14:07:00.000Z',
    actor: ALICE,
    deviceId: DEVICE,
    action: 'export',
    entity: 'audit-trail',
    entityId: DEVICE,
  },
];

function buildChain(data: readonly AuditEntryData[] = DATA): AuditEntry[] {
  const chain: AuditEntry[] = [];
  for (const item of data) chain.push(appendEntry(chain.at(-1) ?? null, item));
  return chain;
}

/** A different but schema-valid value for each field, so only the hash can catch the change. */
const ALTERED: { [K in keyof AuditEntry]-?: AuditEntry[K] } = {
  seq: 99,
  at: '2020-01-01T00:00:00.000Z',
  actor: 'stf_mallory000000000',
  deviceId: 'dev_fedcba9876543210',
  action: 'delete',
  entity: 'staff',
  entityId: 'stf_mallory000000000',
  patientId: 'pat_fedcba9876543210',
  fields: ['lastName'],
  prevHash: 'f'.repeat(64),
  hash: 'e'.repeat(64),
};

describe('AUDIT-2: canonical JSON', () => {
  it('sorts keys at every depth, keeps array order and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [3, { d: true, c: null }], e: 'x' })).toBe(
      '{"a":[3,{"c":null,"d":true}],"b":1,"e":"x"}',
    );
  });

  it('omits undefined properties, so an absent and an undefined optional field hash alike', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });

  it('does not depend on the order keys were added in', () => {
    expect(canonicalJson({ x: 1, y: { q: 2, p: 3 } })).toBe(canonicalJson({ y: { p: 3, q: 2 }, x: 1 }));
  });

  it('refuses values JSON cannot represent exactly', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
  });
});

describe('AUDIT-2: audit entries', () => {
  it('are numbered from 1 and linked to the genesis hash, then to each other', () => {
    const chain = buildChain();
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(chain[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prevHash).toBe(chain[i - 1]!.hash);
    for (const entry of chain) {
      expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(entryHash(entry)).toBe(entry.hash);
    }
  });

  it('hash to a known SHA-256 value, so every device computes the same digest', () => {
    // sha256('{"a":1}') computed independently (e.g. `printf '{"a":1}' | sha256sum`).
    expect(entryHash({ a: 1 } as never)).toBe(
      '015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862',
    );
  });

  it('AUDIT-1: refuse to record anything that is not a valid entry', () => {
    expect(() => appendEntry(null, { ...DATA[0]!, fields: ['Sofia Garcia'] })).toThrow();
    expect(() => appendEntry(null, { ...DATA[0]!, at: '2026-11-25 14:03' })).toThrow();
    expect(() =>
      appendEntry(null, { ...DATA[0]!, note: 'called about balance' } as AuditEntryData),
    ).toThrow();
  });
});

describe('AUDIT-2: verifying a trail', () => {
  it('accepts an intact trail and an empty one', () => {
    expect(verifyChain(buildChain())).toEqual({ ok: true, count: 5 });
    expect(verifyChain([])).toEqual({ ok: true, count: 0 });
  });

  it('detects a change to any field of any entry, at that entry', () => {
    const chain = buildChain();
    for (let index = 0; index < chain.length; index++) {
      for (const field of Object.keys(ALTERED) as (keyof AuditEntry)[]) {
        const tampered = chain.map((e) => ({ ...e }));
        (tampered[index] as Record<string, unknown>)[field] = ALTERED[field];
        expect(verifyChain(tampered), `${field} of entry ${index}`).toEqual({
          ok: false,
          index,
          reason: 'bad-hash',
        });
      }
    }
  });

  it('detects a removed optional field', () => {
    const chain = buildChain();
    const { fields: _fields, ...withoutFields } = chain[1]!;
    expect(verifyChain([chain[0], withoutFields, ...chain.slice(2)])).toEqual({
      ok: false,
      index: 1,
      reason: 'bad-hash',
    });
  });

  it('detects a deleted entry where the gap is', () => {
    const chain = buildChain();
    expect(verifyChain([...chain.slice(0, 2), ...chain.slice(3)])).toEqual({
      ok: false,
      index: 2,
      reason: 'broken-link',
    });
    expect(verifyChain(chain.slice(1))).toEqual({ ok: false, index: 0, reason: 'broken-link' });
  });

  it('detects reordered entries', () => {
    const chain = buildChain();
    expect(verifyChain([chain[0], chain[2], chain[1], chain[3], chain[4]])).toEqual({
      ok: false,
      index: 1,
      reason: 'broken-link',
    });
  });

  it('detects a forged entry inserted with a correct hash and link, at the entry after it', () => {
    const chain = buildChain();
    const forged = appendEntry(chain[1]!, { ...DATA[0]!, actor: 'stf_mallory000000000' });
    expect(verifyChain([...chain.slice(0, 2), forged, ...chain.slice(2)])).toEqual({
      ok: false,
      index: 3,
      reason: 'broken-link',
    });
  });

  it('detects a forged entry whose hash was not recomputed, at the forged entry', () => {
    const chain = buildChain();
    const forged = { ...chain[2]!, actor: 'stf_mallory000000000' };
    expect(verifyChain([...chain.slice(0, 2), forged, ...chain.slice(2)])).toEqual({
      ok: false,
      index: 2,
      reason: 'bad-hash',
    });
  });

  it('detects a skipped sequence number on an otherwise well-linked entry', () => {
    const chain = buildChain();
    const unhashed = { ...DATA[2]!, seq: 4, prevHash: chain[1]!.hash };
    const skipping = { ...unhashed, hash: entryHash(unhashed) };
    expect(verifyChain([chain[0], chain[1], skipping])).toEqual({
      ok: false,
      index: 2,
      reason: 'bad-sequence',
    });

    const firstUnhashed = { ...DATA[0]!, seq: 2, prevHash: GENESIS_HASH };
    const notFirst = { ...firstUnhashed, hash: entryHash(firstUnhashed) };
    expect(verifyChain([notFirst])).toEqual({ ok: false, index: 0, reason: 'bad-sequence' });
  });

  it('detects a truncated hash as an invalid entry', () => {
    const chain = buildChain();
    const truncated = chain.map((e) => ({ ...e }));
    truncated[3]!.hash = truncated[3]!.hash.slice(0, 32);
    expect(verifyChain(truncated)).toEqual({ ok: false, index: 3, reason: 'invalid-entry' });
  });

  it('detects entries that are not entries at all', () => {
    const chain = buildChain();
    expect(verifyChain([chain[0], null])).toEqual({ ok: false, index: 1, reason: 'invalid-entry' });
    expect(verifyChain([{ ...chain[0]!, extra: 'x' }])).toEqual({
      ok: false,
      index: 0,
      reason: 'invalid-entry',
    });
  });
});

describe('AUDIT-4: audit CSV', () => {
  it('has a header row and one CRLF-terminated row per entry', () => {
    const chain = buildChain();
    const lines = auditCsv(chain).split('\r\n');
    expect(lines[0]).toBe('when,who,device,action,entity,entity id,patient,fields,seq,hash');
    expect(lines).toHaveLength(chain.length + 2);
    expect(lines.at(-1)).toBe('');
    expect(lines[2]).toBe(
      `2026-11-25T14:04:10.000Z,${ALICE},${DEVICE},update,patient,${PATIENT},${PATIENT},firstName; address.line1,2,${chain[1]!.hash}`,
    );
    expect(lines[3]).toContain(`,${FAMILY},,,3,`);
  });

  it('shows names instead of ids when given them', () => {
    const chain = buildChain().slice(0, 1);
    const csv = auditCsv(chain, { staff: () => 'Alice Ng', patient: () => 'Sofia Garcia' });
    expect(csv.split('\r\n')[1]).toBe(
      `2026-11-25T14:03:00.000Z,Alice Ng,${DEVICE},view,patient,${PATIENT},Sofia Garcia,,1,${chain[0]!.hash}`,
    );
  });

  it('quotes cells containing commas, quotes or line breaks', () => {
    const chain = buildChain().slice(0, 1);
    const csv = auditCsv(chain, { staff: () => 'Ng, Alice "Al"', patient: () => 'Sofia\nGarcia' });
    expect(csv).toContain(',"Ng, Alice ""Al""",');
    expect(csv).toContain(',"Sofia\nGarcia",');
  });

  it('turns would-be spreadsheet formulas into text', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('Alice')).toBe('Alice');
    const chain = buildChain().slice(0, 1);
    expect(auditCsv(chain, { staff: () => '=1+1' }).split('\r\n')[1]).toContain(",'=1+1,");
  });
});
