/**
 * Seeds a relay data directory with a small, set-up practice (practice record, one location,
 * the development user as owner) so end-to-end tests start past first-run setup.
 * Run: node --import tsx support/seed-practice.ts <dataDir>   → prints the practice id.
 */
import { join } from 'node:path';
import * as Y from 'yjs';
import { addStaffMember, localOrigin, practiceDocName, setUpPractice } from '@aligned/shared';
import { createSqliteStorage } from '../../sync-server/src/storage/sqlite-storage.ts';

export const E2E_PRACTICE_ID = 'prc_e2etestpractice1';
export const E2E_LOCATION_NAME = 'Main office';
const DEV_USER_ID = 'stf_devcoordinator0';

export async function seedPractice(dataDir: string): Promise<string> {
  const storage = createSqliteStorage({ file: join(dataDir, 'aligned.db'), synchronous: 'NORMAL' });
  const doc = new Y.Doc();
  const ctx = {
    origin: localOrigin(DEV_USER_ID, 'dev_seed00000000000'),
    now: () => '2026-11-01T14:00:00.000Z',
  };
  const setUp = setUpPractice(doc, ctx, E2E_PRACTICE_ID, {
    practice: { name: 'Bright Smiles Orthodontics', timeZone: 'America/Chicago' },
    location: { name: E2E_LOCATION_NAME, active: true },
  });
  if (!setUp.ok) throw new Error(`seed failed: ${JSON.stringify(setUp.error)}`);
  addStaffMember(
    doc,
    ctx,
    { name: 'Dev Coordinator', role: 'owner', active: true, locationIds: [] },
    { id: DEV_USER_ID },
  );
  await storage.append(practiceDocName(E2E_PRACTICE_ID), Y.encodeStateAsUpdate(doc));
  await storage.setSetting('dev.practiceId', E2E_PRACTICE_ID);
  await storage.close();
  return E2E_PRACTICE_ID;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const dataDir = process.argv[2];
  if (!dataDir) {
    console.error('usage: seed-practice.ts <dataDir>');
    process.exit(2);
  }
  console.log(await seedPractice(dataDir));
}
