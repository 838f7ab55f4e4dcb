/**
 * A synthetic practice seeded into a relay database once and cached in tests/.cache (keyed by size
 * and generator version), for end-to-end tests and benchmarks that need a whole practice, and the
 * figures its practice-wide lists must show, computed from scratch from the relay's own copy.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import {
  DEFAULT_LATE_POLICY,
  PRACTICE_SOURCES,
  accountsSource,
  appointmentsKey,
  casesSource,
  docName,
  dueFollowUps,
  lateStanding,
  localDateInZone,
  localDateOf,
  readSchedule,
  splitDay,
  weekStart,
  parseDocName,
  pastDueList,
  practiceDocName,
  readPractice,
  todaySummary,
  type AccountSummary,
  type PipelineItem,
} from '@aligned/shared';
import { createSqliteStorage } from '../../sync-server/src/storage/sqlite-storage.ts';
import { GENERATOR_VERSION } from '../fixtures/practice-generator.ts';
import { DEV_PRACTICE_SETTING, seedSqliteFile } from '../fixtures/seed-storage.ts';
import type { PracticeSize } from '../fixtures/practice-types.ts';
import { repoRoot } from './relay.ts';

/** The relay database of a generated practice (seed 1), seeded on first use. */
export async function seededPracticeFile(size: PracticeSize, log: (line: string) => void = () => undefined) {
  const cache = join(repoRoot, 'tests', '.cache');
  mkdirSync(cache, { recursive: true });
  const file = join(cache, `${size}-seed1-g${GENERATOR_VERSION}.db`);
  if (!existsSync(file)) {
    log(`seeding the ${size} synthetic practice (once; cached in tests/.cache)…`);
    const summary = await seedSqliteFile(file, size, { seed: 1 });
    log(
      `  ${summary.documents} documents, ${(summary.bytes / 1024 / 1024).toFixed(1)} MB in ${summary.seconds.toFixed(1)} s`,
    );
  }
  return file;
}

export type PracticeTruth = {
  today: string;
  /** Today: families pending and follow-ups overdue. */
  pendingFamilies: number;
  overdueFollowUps: number;
  /** The board's "due today and overdue". */
  dueOnBoard: number;
  /** Billing: patient A/R owed and the collections list's length, in cents and rows. */
  owedCents: number;
  pastDueCents: number;
  collections: number;
  /** The appointment book's day view, today at the first location: the visits it shows. */
  bookToday: number;
};

/**
 * The figures the practice-wide screens must show, from every document in the relay's database
 * computed once with the projection's own rules (no engine, no increments), as of today.
 */
export async function practiceTruth(file: string): Promise<PracticeTruth> {
  const storage = createSqliteStorage({ file });
  try {
    const practiceId = await storage.getSetting(DEV_PRACTICE_SETTING);
    if (!practiceId) throw new Error(`${file} has no practice`);
    const read = async (name: string) => {
      const doc = new Y.Doc();
      const stored = await storage.load(name);
      if (stored) Y.applyUpdate(doc, stored.update);
      return doc;
    };
    const practiceView = readPractice(await read(practiceDocName(practiceId)));
    const practice = practiceView.practice;
    if (!practice) throw new Error('no practice record');
    const today = localDateInZone(new Date(), practice.timeZone);
    const first = practiceView.locations.find((l) => l.active);
    if (!first) throw new Error('no active location');
    const week = await read(
      docName({ practiceId, kind: 'schedule', key: appointmentsKey(first.id, weekStart(today)) }),
    );
    const zone = first.timeZone ?? practice.timeZone;
    const bookToday = splitDay(
      readSchedule(week).appointments.filter((a) => localDateOf(a.start, zone) === today),
    ).shown.length;
    const context = { today, paymentSettings: practice.paymentSettings ?? {} };
    const { docs } = await storage.changedSince(practiceId, 0);
    const keys = new Map<string, Set<string>>();
    for (const name of docs) {
      const address = parseDocName(name);
      for (const source of PRACTICE_SOURCES)
        if (address?.key && source.kinds.includes(address.kind))
          keys.set(source.name, (keys.get(source.name) ?? new Set()).add(address.key));
    }
    const project = async <V>(source: (typeof PRACTICE_SOURCES)[number]) => {
      const values: V[] = [];
      for (const key of keys.get(source.name) ?? []) {
        const value = source.project(
          await Promise.all(source.docsOf(practiceId, key).map(read)),
          key,
          context,
        );
        if (value !== null) values.push(value as V);
      }
      return values;
    };
    const items = (await project<PipelineItem[]>(casesSource)).flat();
    const accounts = await project<AccountSummary>(accountsSource);
    const summary = todaySummary(items, today, practice.timeZone);
    const aging = accounts.map((a) => a.state);
    return {
      today,
      pendingFamilies: summary.pendingCount,
      overdueFollowUps: summary.overdue.length,
      dueOnBoard: dueFollowUps(items, today, {}).length,
      owedCents: aging.reduce((sum, s) => sum + Math.max(0, s.balanceCents), 0),
      // Past due on the billing screen means late: after the grace days (LATE-101).
      pastDueCents: aging.reduce(
        (sum, s) => sum + lateStanding(s, (practice.latePolicy ?? DEFAULT_LATE_POLICY).graceDays).lateCents,
        0,
      ),
      collections: pastDueList(
        new Map(accounts.map((a) => [a.familyId, a.state])),
        today,
        practice.latePolicy ?? DEFAULT_LATE_POLICY,
      ).length,
      bookToday,
    };
  } finally {
    await storage.close();
  }
}
