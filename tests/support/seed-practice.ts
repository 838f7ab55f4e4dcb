/**
 * Seeds a relay data directory with a set-up practice and staff accounts (owner, treatment
 * coordinator, front desk), so end-to-end tests start past first-run setup and sign in as any of
 * them. Run: node --import tsx support/seed-practice.ts <dataDir>   → prints the practice id.
 */
import { join } from 'node:path';
import * as Y from 'yjs';
import {
  STARTER_APPOINTMENT_TYPES,
  addAppointmentType,
  addChair,
  addLocation,
  addStaffMember,
  localOrigin,
  practiceDocName,
  readPractice,
  setUpPractice,
  type StaffRole,
} from '@aligned/shared';
import { createAccountService } from '../../sync-server/src/accounts/account-service.ts';
import { createScryptHasher } from '../../sync-server/src/accounts/passwords.ts';
import { createSqliteAccountStore } from '../../sync-server/src/accounts/sqlite-account-store.ts';
import { createSqliteStorage } from '../../sync-server/src/storage/sqlite-storage.ts';

export const E2E_LOCATION_NAME = 'Main office';
export const E2E_SECOND_LOCATION = 'North office';
export const E2E_DOCTOR = 'Dr. Nora Nunez';
export const E2E_ASSISTANT = 'Ana Assistant';
export const E2E_PASSWORD = 'quiet harbor lantern seven';
export const E2E_USERS = {
  owner: { login: 'owner@example.com', name: 'Olivia Owner', role: 'owner' },
  tc: { login: 'tc@example.com', name: 'Tina Coordinator', role: 'treatment-coordinator' },
  desk: { login: 'desk@example.com', name: 'Dev Desk', role: 'front-desk' },
} as const satisfies Record<string, { login: string; name: string; role: StaffRole }>;
export type E2EUser = keyof typeof E2E_USERS;

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }, what: string): T {
  if (!result.ok) throw new Error(`seed: ${what} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

export async function seedPractice(dataDir: string): Promise<string> {
  const storage = createSqliteStorage({ file: join(dataDir, 'aligned.db'), synchronous: 'NORMAL' });
  const service = createAccountService({
    store: createSqliteAccountStore(storage.db),
    hasher: createScryptHasher(),
  });
  const created = must(
    await service.operator.createPractice({
      practice: { name: 'Bright Smiles Orthodontics', timeZone: 'America/Chicago' },
      owner: { name: E2E_USERS.owner.name, login: E2E_USERS.owner.login, password: E2E_PASSWORD },
    }),
    'practice',
  );
  const ids: Record<E2EUser, string> = { owner: created.ownerId, tc: '', desk: '' };
  for (const key of ['tc', 'desk'] as const) {
    const user = E2E_USERS[key];
    const temporary = 'temporary password for seeding';
    const account = must(
      await service.operator.createAccount(created.practiceId, {
        name: user.name,
        login: user.login,
        role: user.role,
        method: 'password',
        password: temporary,
      }),
      user.login,
    );
    ids[key] = account.account.id;
    const signedIn = must(
      await service.signIn({ login: user.login, password: temporary, deviceId: 'dev_seed00000000000' }),
      'sign-in',
    );
    must(
      await service.changePassword({ token: signedIn.session.token, current: temporary, next: E2E_PASSWORD }),
      'password',
    );
  }

  const doc = new Y.Doc();
  const ctx = {
    origin: localOrigin(created.ownerId, 'dev_seed00000000000'),
    now: () => '2026-11-01T14:00:00.000Z',
  };
  must(
    setUpPractice(doc, ctx, created.practiceId, {
      practice: { name: 'Bright Smiles Orthodontics', timeZone: 'America/Chicago' },
      location: { name: E2E_LOCATION_NAME, active: true },
    }),
    'practice document',
  );
  for (const key of Object.keys(E2E_USERS) as E2EUser[]) {
    const user = E2E_USERS[key];
    addStaffMember(
      doc,
      ctx,
      { name: user.name, role: user.role, active: true, locationIds: [] },
      { id: ids[key] },
    );
  }
  // The appointment book: two chairs, the starter appointment types, a doctor and an assistant
  // (staff records only; they do not sign in). Hours are the default Monday–Friday 8–5.
  const location = readPractice(doc).locations[0];
  if (!location) throw new Error('seed: no location');
  for (const [order, name] of ['Chair 1', 'Chair 2'].entries())
    must(addChair(doc, ctx, { locationId: location.id, name, order, active: true }), name);
  // A second location, so a patient booked there is a conflict here too.
  const north = must(addLocation(doc, ctx, { name: E2E_SECOND_LOCATION, active: true }), 'location');
  must(addChair(doc, ctx, { locationId: north.id, name: 'North chair', order: 0, active: true }), 'chair');
  for (const type of STARTER_APPOINTMENT_TYPES) must(addAppointmentType(doc, ctx, type), type.name);
  for (const [name, role] of [
    [E2E_DOCTOR, 'doctor'],
    [E2E_ASSISTANT, 'assistant'],
  ] as const)
    must(addStaffMember(doc, ctx, { name, role, active: true, locationIds: [] }), name);
  await storage.append(practiceDocName(created.practiceId), Y.encodeStateAsUpdate(doc));
  await storage.close();
  return created.practiceId;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const dataDir = process.argv[2];
  if (!dataDir) {
    console.error('usage: seed-practice.ts <dataDir>');
    process.exit(2);
  }
  console.log(await seedPractice(dataDir));
}
