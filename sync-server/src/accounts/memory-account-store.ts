/**
 * In-memory account store for unit tests: the same contract as SQLite, nothing survives the
 * process. Rows are copied in and out so a caller mutating a returned row changes nothing stored.
 */
import type {
  AccountPatch,
  AccountRow,
  AccountStore,
  DeviceRow,
  InviteRow,
  SecondFactorRow,
  PracticeRow,
  SecurityEvent,
  SessionRow,
} from './account-store.ts';
import { FORGOTTEN_DEVICE } from './account-store.ts';

type StoredInvite = InviteRow & { usedAt: string | null };

export function createMemoryAccountStore(): AccountStore {
  const practices = new Map<string, PracticeRow>();
  const accounts = new Map<string, AccountRow>();
  const sessions = new Map<string, SessionRow>();
  const invites = new Map<string, StoredInvite>();
  const devices = new Map<string, DeviceRow>();
  const secondFactors = new Map<string, SecondFactorRow>();
  const events: SecurityEvent[] = [];
  let seq = 0;
  let closed = false;
  const ensureOpen = () => {
    if (closed) throw new Error('account store is closed');
  };
  const copy = <T>(value: T): T => structuredClone(value);

  return {
    async practiceCount() {
      ensureOpen();
      return practices.size;
    },
    async createPractice(row) {
      ensureOpen();
      if (practices.has(row.id)) throw new Error(`practice ${row.id} already exists`);
      practices.set(row.id, copy(row));
    },
    async getPractice(id) {
      ensureOpen();
      const row = practices.get(id);
      return row ? copy(row) : null;
    },
    async listPractices() {
      ensureOpen();
      return [...practices.values()].map(copy);
    },
    async setRecoveryHash(practiceId, hash, ifCurrent) {
      ensureOpen();
      const row = practices.get(practiceId);
      if (!row) return false;
      if (ifCurrent !== undefined && row.recoveryHash !== ifCurrent) return false;
      row.recoveryHash = hash;
      return true;
    },

    async createAccount(row) {
      ensureOpen();
      if (accounts.has(row.id)) throw new Error(`account ${row.id} already exists`);
      for (const existing of accounts.values()) if (existing.login === row.login) return 'login-taken';
      accounts.set(row.id, copy(row));
      return null;
    },
    async getAccount(id) {
      ensureOpen();
      const row = accounts.get(id);
      return row ? copy(row) : null;
    },
    async findAccountByLogin(login) {
      ensureOpen();
      for (const row of accounts.values()) if (row.login === login) return copy(row);
      return null;
    },
    async listAccounts(practiceId) {
      ensureOpen();
      return [...accounts.values()].filter((row) => row.practiceId === practiceId).map(copy);
    },
    async updateAccount(id, patch) {
      ensureOpen();
      const row = accounts.get(id);
      if (!row) return null;
      const defined = Object.fromEntries(
        Object.entries(patch).filter(([, value]) => value !== undefined),
      ) as AccountPatch;
      const next: AccountRow = { ...row, ...copy(defined) };
      accounts.set(id, next);
      return copy(next);
    },

    async createSession(row) {
      ensureOpen();
      if (sessions.has(row.id)) throw new Error(`session ${row.id} already exists`);
      sessions.set(row.id, copy(row));
    },
    async findSessionByTokenHash(hash) {
      ensureOpen();
      for (const row of sessions.values()) if (row.tokenHash === hash) return copy(row);
      return null;
    },
    async revokeSession(id, at) {
      ensureOpen();
      const row = sessions.get(id);
      if (!row || row.revokedAt !== null) return null;
      row.revokedAt = at;
      return copy(row);
    },
    async revokeSessions(accountId, at, exceptSessionId) {
      ensureOpen();
      const revoked: SessionRow[] = [];
      for (const row of sessions.values()) {
        if (row.accountId !== accountId || row.id === exceptSessionId) continue;
        if (row.revokedAt !== null || row.expiresAt <= at) continue;
        row.revokedAt = at;
        revoked.push(copy(row));
      }
      return revoked;
    },

    async createInvite(row) {
      ensureOpen();
      if (invites.has(row.tokenHash)) throw new Error('invite already exists');
      invites.set(row.tokenHash, { ...copy(row), usedAt: null });
    },
    async findInvite(tokenHash) {
      ensureOpen();
      const row = invites.get(tokenHash);
      if (!row || row.usedAt !== null) return null;
      return { tokenHash: row.tokenHash, accountId: row.accountId, expiresAt: row.expiresAt };
    },
    async takeInvite(tokenHash, now) {
      ensureOpen();
      const row = invites.get(tokenHash);
      if (!row || row.usedAt !== null || row.expiresAt <= now) return null;
      row.usedAt = now;
      return row.accountId;
    },

    async getDevice(id) {
      ensureOpen();
      const row = devices.get(id);
      return row ? copy(row) : null;
    },
    async createDevice(row) {
      ensureOpen();
      if (devices.has(row.id)) return 'taken';
      devices.set(row.id, copy(row));
      return null;
    },
    async listDevices(practiceId) {
      ensureOpen();
      return [...devices.values()].filter((d) => d.practiceId === practiceId).map(copy);
    },
    async listDeviceSessions(deviceId) {
      ensureOpen();
      return [...sessions.values()]
        .filter((s) => s.deviceId === deviceId)
        .reverse()
        .map(copy);
    },
    async forgetDevice(id) {
      ensureOpen();
      const row = devices.get(id);
      if (!row) return null;
      row.keyHash = FORGOTTEN_DEVICE;
      return copy(row);
    },
    async revokeDeviceSessions(deviceId, at) {
      ensureOpen();
      const revoked: SessionRow[] = [];
      for (const row of sessions.values()) {
        if (row.deviceId !== deviceId || row.revokedAt !== null || row.expiresAt <= at) continue;
        row.revokedAt = at;
        revoked.push(copy(row));
      }
      return revoked;
    },

    async getSecondFactor(accountId) {
      ensureOpen();
      const row = secondFactors.get(accountId);
      return row ? copy(row) : null;
    },
    async putSecondFactor(row) {
      ensureOpen();
      secondFactors.set(row.accountId, copy(row));
    },
    async deleteSecondFactor(accountId) {
      ensureOpen();
      return secondFactors.delete(accountId);
    },
    async useSecondFactorStep(accountId, step) {
      ensureOpen();
      const row = secondFactors.get(accountId);
      if (!row || row.lastStep >= step) return false;
      row.lastStep = step;
      return true;
    },

    async logEvent(event) {
      ensureOpen();
      seq += 1;
      events.push({ ...copy(event), seq });
    },
    async listEvents(practiceId, filter = {}) {
      ensureOpen();
      const kinds = filter.kinds ? new Set(filter.kinds) : null;
      const matching = events.filter(
        (e) =>
          e.practiceId === practiceId &&
          (filter.from === undefined || e.at >= filter.from) &&
          (filter.to === undefined || e.at < filter.to) &&
          (filter.accountId === undefined || e.accountId === filter.accountId) &&
          (kinds === null || kinds.has(e.kind)),
      );
      matching.reverse();
      return (filter.limit === undefined ? matching : matching.slice(0, Math.max(0, filter.limit))).map(copy);
    },

    async close() {
      closed = true;
    },
  };
}
