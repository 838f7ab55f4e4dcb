/**
 * Staff identity in the relay's SQLite file, next to the documents (one file to back up:
 * storage/backup.ts copies the whole database). Takes the connection `createSqliteStorage`
 * opened; `close()` leaves it open because the document storage owns it.
 *
 * security_events is append-only at the database level too: triggers refuse UPDATE and DELETE,
 * so a bug or a stray query cannot rewrite the audit trail (retention pruning, when it comes,
 * has to drop the trigger deliberately).
 */
import type Database from 'better-sqlite3';
import { StaffRole } from '@aligned/shared';
import type {
  AccountPatch,
  AccountRow,
  AccountStore,
  DeviceRow,
  InviteRow,
  SecondFactorRow,
  PracticeRow,
  SecurityEvent,
  SecurityEventKind,
  SessionRow,
} from './account-store.ts';
import { FORGOTTEN_DEVICE } from './account-store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS practices (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  created_at TEXT NOT NULL,
  recovery_hash TEXT
);
CREATE TABLE IF NOT EXISTS accounts (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL,
  login TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  location_ids TEXT NOT NULL DEFAULT '[]',
  password_hash TEXT,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS accounts_by_practice ON accounts (practice_id);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS sessions_by_token_hash ON sessions (token_hash);
CREATE INDEX IF NOT EXISTS sessions_by_account ON sessions (account_id);
CREATE TABLE IF NOT EXISTS invites (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE TABLE IF NOT EXISTS devices (
  id TEXT PRIMARY KEY,
  practice_id TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS devices_by_practice ON devices (practice_id);
CREATE INDEX IF NOT EXISTS sessions_by_device ON sessions (device_id);
CREATE TABLE IF NOT EXISTS second_factors (
  account_id TEXT PRIMARY KEY,
  secret TEXT NOT NULL,
  enabled_at TEXT,
  last_step INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS security_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  practice_id TEXT NOT NULL,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  account_id TEXT,
  device_id TEXT,
  detail TEXT
);
CREATE INDEX IF NOT EXISTS security_events_by_practice ON security_events (practice_id, seq);
CREATE TRIGGER IF NOT EXISTS security_events_no_update BEFORE UPDATE ON security_events
BEGIN SELECT RAISE(ABORT, 'security events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS security_events_no_delete BEFORE DELETE ON security_events
BEGIN SELECT RAISE(ABORT, 'security events are append-only'); END;
`;

type PracticeRecord = {
  id: string;
  name: string;
  time_zone: string;
  created_at: string;
  recovery_hash: string | null;
};

type AccountRecord = {
  id: string;
  practice_id: string;
  login: string;
  name: string;
  role: string;
  location_ids: string;
  password_hash: string | null;
  must_change_password: number;
  failed_attempts: number;
  locked_until: string | null;
  disabled: number;
  created_at: string;
  updated_at: string;
};

type SessionRecord = {
  id: string;
  account_id: string;
  device_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
};

type EventRecord = {
  seq: number;
  practice_id: string;
  at: string;
  kind: string;
  account_id: string | null;
  device_id: string | null;
  detail: string | null;
};

const practiceOf = (r: PracticeRecord): PracticeRow => ({
  id: r.id,
  name: r.name,
  timeZone: r.time_zone,
  createdAt: r.created_at,
  recoveryHash: r.recovery_hash,
});

function locationIdsOf(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

function accountOf(r: AccountRecord): AccountRow {
  // A role this build does not know (written by a newer relay) is read as the least privileged.
  const role = StaffRole.safeParse(r.role);
  return {
    id: r.id,
    practiceId: r.practice_id,
    login: r.login,
    name: r.name,
    role: role.success ? role.data : 'read-only',
    locationIds: locationIdsOf(r.location_ids),
    passwordHash: r.password_hash,
    mustChangePassword: r.must_change_password !== 0,
    failedAttempts: r.failed_attempts,
    lockedUntil: r.locked_until,
    disabled: r.disabled !== 0,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function accountParams(row: AccountRow) {
  return {
    id: row.id,
    practice_id: row.practiceId,
    login: row.login,
    name: row.name,
    role: row.role,
    location_ids: JSON.stringify(row.locationIds),
    password_hash: row.passwordHash,
    must_change_password: row.mustChangePassword ? 1 : 0,
    failed_attempts: row.failedAttempts,
    locked_until: row.lockedUntil,
    disabled: row.disabled ? 1 : 0,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

const sessionOf = (r: SessionRecord): SessionRow => ({
  id: r.id,
  accountId: r.account_id,
  deviceId: r.device_id,
  tokenHash: r.token_hash,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

const eventOf = (r: EventRecord): SecurityEvent => ({
  seq: r.seq,
  practiceId: r.practice_id,
  at: r.at,
  kind: r.kind as SecurityEventKind,
  accountId: r.account_id,
  deviceId: r.device_id,
  detail: r.detail,
});

const isUniqueViolation = (error: unknown) =>
  error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';

export function createSqliteAccountStore(db: Database.Database): AccountStore {
  db.exec(SCHEMA);

  const countPractices = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM practices');
  const insertPractice = db.prepare<[PracticeRecord]>(
    `INSERT INTO practices (id, name, time_zone, created_at, recovery_hash)
     VALUES (@id, @name, @time_zone, @created_at, @recovery_hash)`,
  );
  const selectPractice = db.prepare<[string], PracticeRecord>('SELECT * FROM practices WHERE id = ?');
  const selectPractices = db.prepare<[], PracticeRecord>('SELECT * FROM practices ORDER BY rowid');
  const setRecovery = db.prepare<[string, string]>('UPDATE practices SET recovery_hash = ? WHERE id = ?');
  const setRecoveryIf = db.prepare<[string, string, string | null]>(
    'UPDATE practices SET recovery_hash = ? WHERE id = ? AND recovery_hash IS ?',
  );

  const insertAccount = db.prepare<[AccountRecord]>(
    `INSERT INTO accounts (id, practice_id, login, name, role, location_ids, password_hash,
       must_change_password, failed_attempts, locked_until, disabled, created_at, updated_at)
     VALUES (@id, @practice_id, @login, @name, @role, @location_ids, @password_hash,
       @must_change_password, @failed_attempts, @locked_until, @disabled, @created_at, @updated_at)`,
  );
  const selectAccount = db.prepare<[string], AccountRecord>('SELECT * FROM accounts WHERE id = ?');
  const selectAccountByLogin = db.prepare<[string], AccountRecord>('SELECT * FROM accounts WHERE login = ?');
  const selectAccounts = db.prepare<[string], AccountRecord>(
    'SELECT * FROM accounts WHERE practice_id = ? ORDER BY rowid',
  );
  const writeAccount = db.prepare<[AccountRecord]>(
    `UPDATE accounts SET name = @name, role = @role, location_ids = @location_ids,
       password_hash = @password_hash, must_change_password = @must_change_password,
       failed_attempts = @failed_attempts, locked_until = @locked_until, disabled = @disabled,
       updated_at = @updated_at
     WHERE id = @id`,
  );

  const insertSession = db.prepare<[SessionRecord]>(
    `INSERT INTO sessions (id, account_id, device_id, token_hash, created_at, expires_at, revoked_at)
     VALUES (@id, @account_id, @device_id, @token_hash, @created_at, @expires_at, @revoked_at)`,
  );
  const selectSessionByHash = db.prepare<[string], SessionRecord>(
    'SELECT * FROM sessions WHERE token_hash = ?',
  );
  const selectSession = db.prepare<[string], SessionRecord>('SELECT * FROM sessions WHERE id = ?');
  const revokeOne = db.prepare<[string, string]>(
    'UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  );
  const selectLive = db.prepare<[string, string, string | null], SessionRecord>(
    `SELECT * FROM sessions WHERE account_id = ? AND revoked_at IS NULL AND expires_at > ? AND id IS NOT ?
     ORDER BY rowid`,
  );

  const insertInvite = db.prepare<[string, string, string]>(
    'INSERT INTO invites (token_hash, account_id, expires_at) VALUES (?, ?, ?)',
  );
  const selectInvite = db.prepare<[string], InviteRow>(
    `SELECT token_hash AS tokenHash, account_id AS accountId, expires_at AS expiresAt
     FROM invites WHERE token_hash = ? AND used_at IS NULL`,
  );
  const useInvite = db.prepare<[string, string, string], { account_id: string }>(
    `UPDATE invites SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
     RETURNING account_id`,
  );

  const insertEvent = db.prepare<[Omit<EventRecord, 'seq'>]>(
    `INSERT INTO security_events (practice_id, at, kind, account_id, device_id, detail)
     VALUES (@practice_id, @at, @kind, @account_id, @device_id, @detail)`,
  );
  const selectEvents = db.prepare<
    [
      {
        practice: string;
        from: string | null;
        to: string | null;
        account: string | null;
        kinds: string | null;
        limit: number;
      },
    ],
    EventRecord
  >(
    `SELECT * FROM security_events
     WHERE practice_id = @practice
       AND (@from IS NULL OR at >= @from)
       AND (@to IS NULL OR at < @to)
       AND (@account IS NULL OR account_id = @account)
       AND (@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds)))
     ORDER BY seq DESC
     LIMIT @limit`,
  );

  const selectDevice = db.prepare<[string], DeviceRow>(
    'SELECT id, practice_id AS practiceId, key_hash AS keyHash, created_at AS createdAt FROM devices WHERE id = ?',
  );
  const selectDevices = db.prepare<[string], DeviceRow>(
    `SELECT id, practice_id AS practiceId, key_hash AS keyHash, created_at AS createdAt FROM devices
     WHERE practice_id = ? ORDER BY rowid`,
  );
  const forgetDeviceRow = db.prepare<[string, string]>('UPDATE devices SET key_hash = ? WHERE id = ?');
  const selectDeviceSessions = db.prepare<[string], SessionRecord>(
    'SELECT * FROM sessions WHERE device_id = ? ORDER BY rowid DESC',
  );
  const selectDeviceLive = db.prepare<[string, string], SessionRecord>(
    'SELECT * FROM sessions WHERE device_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY rowid',
  );
  const insertDevice = db.prepare<[string, string, string, string]>(
    'INSERT OR IGNORE INTO devices (id, practice_id, key_hash, created_at) VALUES (?, ?, ?, ?)',
  );
  const selectFactor = db.prepare<[string], SecondFactorRow>(
    `SELECT account_id AS accountId, secret, enabled_at AS enabledAt, last_step AS lastStep
     FROM second_factors WHERE account_id = ?`,
  );
  const upsertFactor = db.prepare<[string, string, string | null, number]>(
    `INSERT INTO second_factors (account_id, secret, enabled_at, last_step) VALUES (?, ?, ?, ?)
     ON CONFLICT (account_id) DO UPDATE SET secret = excluded.secret, enabled_at = excluded.enabled_at,
       last_step = excluded.last_step`,
  );
  const deleteFactor = db.prepare<[string]>('DELETE FROM second_factors WHERE account_id = ?');
  const useStep = db.prepare<[number, string, number]>(
    'UPDATE second_factors SET last_step = ? WHERE account_id = ? AND last_step < ?',
  );

  const updateTx = db.transaction((id: string, patch: AccountPatch): AccountRow | null => {
    const record = selectAccount.get(id);
    if (!record) return null;
    const defined = Object.fromEntries(
      Object.entries(patch).filter(([, value]) => value !== undefined),
    ) as AccountPatch;
    const next: AccountRow = { ...accountOf(record), ...defined };
    writeAccount.run(accountParams(next));
    return next;
  });

  const revokeAllTx = db.transaction((accountId: string, at: string, except: string | null) => {
    const live = selectLive.all(accountId, at, except);
    for (const row of live) revokeOne.run(at, row.id);
    return live.map((row) => ({ ...sessionOf(row), revokedAt: at }));
  });

  const revokeDeviceTx = db.transaction((deviceId: string, at: string) => {
    const live = selectDeviceLive.all(deviceId, at);
    for (const row of live) revokeOne.run(at, row.id);
    return live.map((row) => ({ ...sessionOf(row), revokedAt: at }));
  });

  const revokeOneTx = db.transaction((id: string, at: string): SessionRow | null => {
    if (revokeOne.run(at, id).changes === 0) return null;
    const row = selectSession.get(id);
    return row ? sessionOf(row) : null;
  });

  return {
    async practiceCount() {
      return countPractices.get()?.n ?? 0;
    },
    async createPractice(row) {
      insertPractice.run({
        id: row.id,
        name: row.name,
        time_zone: row.timeZone,
        created_at: row.createdAt,
        recovery_hash: row.recoveryHash,
      });
    },
    async getPractice(id) {
      const row = selectPractice.get(id);
      return row ? practiceOf(row) : null;
    },
    async listPractices() {
      return selectPractices.all().map(practiceOf);
    },
    async setRecoveryHash(practiceId, hash, ifCurrent) {
      const result =
        ifCurrent === undefined
          ? setRecovery.run(hash, practiceId)
          : setRecoveryIf.run(hash, practiceId, ifCurrent);
      return result.changes === 1;
    },

    async createAccount(row) {
      if (selectAccountByLogin.get(row.login)) return 'login-taken';
      try {
        insertAccount.run(accountParams(row));
        return null;
      } catch (error) {
        // Two relays racing on one shared file: the unique index is the final word.
        if (isUniqueViolation(error) && selectAccountByLogin.get(row.login)) return 'login-taken';
        throw error;
      }
    },
    async getAccount(id) {
      const row = selectAccount.get(id);
      return row ? accountOf(row) : null;
    },
    async findAccountByLogin(login) {
      const row = selectAccountByLogin.get(login);
      return row ? accountOf(row) : null;
    },
    async listAccounts(practiceId) {
      return selectAccounts.all(practiceId).map(accountOf);
    },
    async updateAccount(id, patch) {
      return updateTx(id, patch);
    },

    async createSession(row) {
      insertSession.run({
        id: row.id,
        account_id: row.accountId,
        device_id: row.deviceId,
        token_hash: row.tokenHash,
        created_at: row.createdAt,
        expires_at: row.expiresAt,
        revoked_at: row.revokedAt,
      });
    },
    async findSessionByTokenHash(hash) {
      const row = selectSessionByHash.get(hash);
      return row ? sessionOf(row) : null;
    },
    async revokeSession(id, at) {
      return revokeOneTx(id, at);
    },
    async revokeSessions(accountId, at, exceptSessionId) {
      return revokeAllTx(accountId, at, exceptSessionId ?? null);
    },

    async createInvite(row) {
      insertInvite.run(row.tokenHash, row.accountId, row.expiresAt);
    },
    async findInvite(tokenHash) {
      return selectInvite.get(tokenHash) ?? null;
    },
    async takeInvite(tokenHash, now) {
      return useInvite.get(now, tokenHash, now)?.account_id ?? null;
    },

    async getDevice(id) {
      return selectDevice.get(id) ?? null;
    },
    async createDevice(row) {
      return insertDevice.run(row.id, row.practiceId, row.keyHash, row.createdAt).changes === 1
        ? null
        : 'taken';
    },
    async listDevices(practiceId) {
      return selectDevices.all(practiceId);
    },
    async listDeviceSessions(deviceId) {
      return selectDeviceSessions.all(deviceId).map(sessionOf);
    },
    async forgetDevice(id) {
      if (forgetDeviceRow.run(FORGOTTEN_DEVICE, id).changes === 0) return null;
      return selectDevice.get(id) ?? null;
    },
    async revokeDeviceSessions(deviceId, at) {
      return revokeDeviceTx(deviceId, at);
    },

    async getSecondFactor(accountId) {
      return selectFactor.get(accountId) ?? null;
    },
    async putSecondFactor(row) {
      upsertFactor.run(row.accountId, row.secret, row.enabledAt, row.lastStep);
    },
    async deleteSecondFactor(accountId) {
      return deleteFactor.run(accountId).changes === 1;
    },
    async useSecondFactorStep(accountId, step) {
      return useStep.run(step, accountId, step).changes === 1;
    },

    async logEvent(event) {
      insertEvent.run({
        practice_id: event.practiceId,
        at: event.at,
        kind: event.kind,
        account_id: event.accountId,
        device_id: event.deviceId,
        detail: event.detail,
      });
    },
    async listEvents(practiceId, filter = {}) {
      return selectEvents
        .all({
          practice: practiceId,
          from: filter.from ?? null,
          to: filter.to ?? null,
          account: filter.accountId ?? null,
          kinds: filter.kinds ? JSON.stringify(filter.kinds) : null,
          limit: filter.limit === undefined ? -1 : Math.max(0, Math.floor(filter.limit)),
        })
        .map(eventOf);
    },

    async close() {
      // The connection belongs to the document storage, which closes it.
    },
  };
}
