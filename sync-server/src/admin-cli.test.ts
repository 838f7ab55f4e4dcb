/**
 * The admin CLI as an operator runs it: a child process against a temporary data directory,
 * then the accounts it provisioned sign in through the account service on the same file.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccountService } from './accounts/account-service.ts';
import { createScryptHasher } from './accounts/passwords.ts';
import { createSqliteAccountStore } from './accounts/sqlite-account-store.ts';
import { createSqliteStorage } from './storage/sqlite-storage.ts';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'aligned-admin-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const DEVICE = 'dev_0123456789abcdef';
const OWNER_PASSWORD = 'violet tractor lantern 92';

type Run = { code: number; stdout: string; stderr: string };

function cli(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.env?.INIT_CWD) delete env.INIT_CWD;
  if (!options.env?.DATA_DIR) delete env.DATA_DIR;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/admin-cli.ts', ...args],
      { cwd: serverDir, env, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

const field = (run: Run, name: string) => new RegExp(`^${name}: (.+)$`, 'm').exec(run.stdout)?.[1];

/** Opens the CLI's database in this process, runs `fn` with a service on it, closes it. */
async function withService<T>(
  dataDir: string,
  fn: (service: ReturnType<typeof createAccountService>) => Promise<T>,
): Promise<T> {
  const storage = createSqliteStorage({ file: join(dataDir, 'aligned.db') });
  try {
    const store = createSqliteAccountStore(storage.db);
    return await fn(createAccountService({ store, hasher: createScryptHasher({ N: 2 ** 10, r: 8, p: 1 }) }));
  } finally {
    await storage.close();
  }
}

// Each test has its own data directory, so they run side by side (each child process starts tsx).
describe.concurrent('admin CLI', { timeout: 60_000 }, () => {
  it('provisions a practice and accounts that can then sign in', async () => {
    const data = join(root, 'main');
    const created = await cli([
      'create-practice',
      '--name',
      'Bright Smiles',
      '--time-zone',
      'America/Chicago',
      '--owner-name',
      'Ana Ruiz',
      '--owner-login',
      'Ana@Example.com',
      '--owner-password',
      OWNER_PASSWORD,
      '--data',
      data,
    ]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const practiceId = field(created, 'practice id');
    const recoveryCode = field(created, 'recovery code');
    expect(practiceId).toMatch(/^prc_[0-9a-z]{16}$/);
    expect(recoveryCode).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){4}$/);

    // Two processes writing one database at once: SQLite's busy timeout serializes them.
    const [desk, invited] = await Promise.all([
      cli([
        'add-account',
        '--login',
        'sam@example.com',
        '--name',
        'Sam Lee',
        '--role',
        'front-desk',
        '--data',
        data,
      ]),
      cli([
        'add-account',
        '--login',
        'kim@example.com',
        '--name',
        'Dr Kim',
        '--role',
        'doctor',
        '--invite',
        '--data',
        data,
      ]),
    ]);
    expect(desk.code).toBe(0);
    const temporary = field(desk, 'temporary password')!;
    expect(temporary.length).toBeGreaterThanOrEqual(16);
    expect(invited.code).toBe(0);
    const inviteToken = field(invited, 'invite token')!;
    expect(field(invited, 'temporary password')).toBeUndefined();

    const listed = await cli(['list-accounts', '--data', data]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`Bright Smiles (${practiceId}, America/Chicago)`);
    expect(listed.stdout).toMatch(/ana@example\.com\tAna Ruiz\towner\tactive/);
    expect(listed.stdout).toMatch(/sam@example\.com\tSam Lee\tfront-desk\tmust change password/);
    expect(listed.stdout).toMatch(/kim@example\.com\tDr Kim\tdoctor\tinvited/);

    await withService(data, async (service) => {
      const owner = await service.signIn({
        login: 'ana@example.com',
        password: OWNER_PASSWORD,
        deviceId: DEVICE,
      });
      expect(owner.ok && owner.value.account).toMatchObject({ practiceId, role: 'owner' });
      expect(owner.ok && owner.value.mustChangePassword).toBe(false);

      const sam = await service.signIn({ login: 'sam@example.com', password: temporary, deviceId: DEVICE });
      expect(sam.ok && sam.value.mustChangePassword).toBe(true);

      const kim = await service.acceptInvite({
        token: inviteToken,
        password: 'amber-kettle-orbit-17',
        deviceId: DEVICE,
      });
      expect(kim.ok && kim.value.account.role).toBe('doctor');

      const events = await service.securityEvents(owner.ok ? owner.value.session.token : '');
      expect(
        events.ok && events.value.filter((e) => e.detail?.includes('by=operator')).map((e) => e.kind),
      ).toEqual(['account-created', 'account-created', 'setup']);
    });

    const reset = await cli(['reset-password', '--login', 'sam@example.com', '--data', data]);
    expect(reset.code).toBe(0);
    const fresh = field(reset, 'temporary password')!;
    expect(field(reset, 'sessions ended')).toBe('1');
    await withService(data, async (service) => {
      expect(
        await service.signIn({ login: 'sam@example.com', password: temporary, deviceId: DEVICE }),
      ).toEqual({
        ok: false,
        error: 'invalid-credentials',
      });
      const again = await service.signIn({ login: 'sam@example.com', password: fresh, deviceId: DEVICE });
      expect(again.ok && again.value.mustChangePassword).toBe(true);
    });
  });

  it('refuses what the service refuses, with exit code 1, and bad usage with exit code 2', async () => {
    const data = join(root, 'refusals');
    const practice = (password: string, login = 'ana@example.com') =>
      cli([
        'create-practice',
        '--name',
        'Bright Smiles',
        '--time-zone',
        'America/Chicago',
        '--owner-name',
        'Ana Ruiz',
        '--owner-login',
        login,
        '--owner-password',
        password,
        '--data',
        data,
      ]);
    const [weak, badRole, usage] = await Promise.all([
      practice('short'),
      cli(['add-account', '--login', 'x@example.com', '--name', 'X Y', '--role', 'boss', '--data', data]),
      cli(['frobnicate', '--data', data]),
    ]);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('Password refused');
    expect(weak.stdout).toBe('');

    expect((await practice(OWNER_PASSWORD)).code).toBe(0);
    const taken = await practice('granite owl picnic 58');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('already used');

    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of');

    const unknown = await cli(['reset-password', '--login', 'nobody@example.com', '--data', data]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No such');

    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage:');
  });

  it('reads a password given as - from standard input, and finds DATA_DIR relative to INIT_CWD', async () => {
    const base = join(root, 'init-cwd');
    const created = await cli(
      [
        'create-practice',
        '--name',
        'Stdin Dental',
        '--time-zone',
        'UTC',
        '--owner-name',
        'Ana Ruiz',
        '--owner-login',
        'ana@example.com',
        '--owner-password',
        '-',
      ],
      { env: { INIT_CWD: base, DATA_DIR: 'relative-data' }, input: `${OWNER_PASSWORD}\n` },
    );
    expect(created.code).toBe(0);
    expect(existsSync(join(base, 'relative-data', 'aligned.db'))).toBe(true);
    await withService(join(base, 'relative-data'), async (service) => {
      const owner = await service.signIn({
        login: 'ana@example.com',
        password: OWNER_PASSWORD,
        deviceId: DEVICE,
      });
      expect(owner.ok).toBe(true);
    });
  });
});
