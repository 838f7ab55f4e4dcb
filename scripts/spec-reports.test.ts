// KPI-1…KPI-29: the KPI definitions a report screen shows (KPI_DEFINITIONS) say exactly what
// docs/spec/reports.md says under the same id. shared/ cannot read files (it runs in browsers too),
// so the check lives here with the other repository checks.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KPI_DEFINITIONS } from '../shared/src/reports/kpi-definitions.ts';

const spec = readFileSync(new URL('../docs/spec/reports.md', import.meta.url), 'utf8');
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The spec's sections by id: the heading's title and the text up to the next heading. */
function sections(): Map<string, { title: string; body: string }> {
  const map = new Map<string, { title: string; body: string }>();
  for (const part of spec.split(/^### /m).slice(1)) {
    const [heading = '', ...rest] = part.split('\n');
    const match = /^(KPI-\d+) — (.+)$/.exec(heading.trim());
    if (match) map.set(match[1]!, { title: match[2]!, body: flat(rest.join('\n').split(/^## /m)[0]!) });
  }
  return map;
}

describe('KPI definitions and the spec', () => {
  const bySpec = sections();

  it.each(KPI_DEFINITIONS.map((d) => [d.id, d] as const))(
    '%s: the spec has the same title and definition as the code',
    (id, definition) => {
      const section = bySpec.get(id);
      expect(section, `${id} is missing from docs/spec/reports.md`).toBeDefined();
      expect(section!.title).toBe(definition.title);
      expect(section!.body.startsWith(flat(definition.definition))).toBe(true);
    },
  );

  it('KPI ids are unique in the code and in the spec', () => {
    const ids = KPI_DEFINITIONS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    const headings = [...spec.matchAll(/^### (KPI-\d+) /gm)].map((m) => m[1]);
    expect(new Set(headings).size).toBe(headings.length);
  });
});
