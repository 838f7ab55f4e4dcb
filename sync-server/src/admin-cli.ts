/**
 * Account provisioning from the relay machine, without the web UI: the first practice on a relay
 * that should not expose setup over the network, a hosted relay with several practices, or an
 * owner who lost both their password and the recovery code. Whoever can run this can read the
 * database anyway, so it acts as the server operator, with no session (the service's `operator`
 * actions, which only this CLI uses). Every action is still recorded as a security event
 * (`by=operator`).
 *
 *   node --import tsx src/admin-cli.ts create-practice --name "Bright Smiles" \
 *     --time-zone America/Chicago --owner-name "Ana Ruiz" --owner-login ana@example.com \
 *     --owner-password <password>
 *       Prints the practice id, the owner's id and the recovery code (once: print it, keep it safe).
 *   node --import tsx src/admin-cli.ts add-account --login sam@example.com --name "Sam Lee" \
 *     --role front-desk [--practice prc_…] [--locations loc_…,loc_…] [--password <password> | --invite]
 *       Prints a temporary password (default) or an invite token. With --password, that password
 *       is the temporary one. Either way a password must be changed at first sign-in.
 *   node --import tsx src/admin-cli.ts reset-password --login sam@example.com
 *       Prints a new temporary password and ends that account's sessions.
 *   node --import tsx src/admin-cli.ts list-accounts [--practice prc_…]
 *
 * `--data <dir>` (else DATA_DIR, else ./data) holds aligned.db; relative paths are resolved from
 * where npm/pnpm was run (INIT_CWD), else the current directory. A password given as `-` is read
 * from the first line of standard input, so it stays out of shell history and the process list.
 * --practice may be left out while the relay hosts exactly one practice.
 *
 * Exit codes: 0 done, 1 refused (weak password, login taken, …), 2 usage error.
 * Output goes through process.stdout/stderr: secrets printed here go to the operator's terminal
 * only, never to a log.
 */
import { join, resolve } from 'node:path';
import { PASSWORD_MESSAGES, STAFF_ROLE_LABELS, StaffRole } from '@aligned/shared';
import { createAccountService, type AccountSummary, type InvalidInput } from './accounts/account-service.ts';
import { createScryptHasher } from './accounts/passwords.ts';
import { createSqliteAccountStore } from './accounts/sqlite-account-store.ts';
import { createSqliteStorage } from './storage/sqlite-storage.ts';

const USAGE = `Usage: node --import tsx src/admin-cli.ts <command> [options] [--data <dir>]
  create-practice --name <name> --time-zone <IANA zone> --owner-name <name> --owner-login <login> --owner-password <password|->
  add-account --login <login> --name <name> --role <${StaffRole.options.join('|')}> [--practice <id>] [--locations <id,id>] [--password <password|-> | --invite]
  reset-password --login <login>
  list-accounts [--practice <id>]
`;

class UsageError extends Error {}

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const fail = (text: string) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);

const [command, ...args] = process.argv.slice(2);

function option(name: string): string | undefined {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const value = args[index + 1];
  if (value === undefined || (value.startsWith('--') && value !== '-'))
    throw new UsageError(`${name} needs a value`);
  return value;
}

function required(name: string): string {
  const value = option(name);
  if (value === undefined) throw new UsageError(`${name} is required`);
  return value;
}

let stdinLines: string[] | undefined;
async function readSecret(value: string): Promise<string> {
  if (value !== '-') return value;
  if (!stdinLines) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    stdinLines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
  }
  return stdinLines.shift() ?? '';
}

function refusal(
  error: string | InvalidInput | { kind: 'weak-password'; problem: keyof typeof PASSWORD_MESSAGES },
) {
  if (typeof error === 'string') {
    const words: Record<string, string> = {
      'login-taken': 'That login is already used by another account.',
      'not-found': 'No such practice or account.',
    };
    return words[error] ?? error;
  }
  if (error.kind === 'weak-password') return `Password refused: ${PASSWORD_MESSAGES[error.problem]}`;
  return `Not valid: ${error.field}`;
}

function statusOf(account: AccountSummary, now: string): string {
  if (account.disabled) return 'disabled';
  if (account.invitePending) return 'invited';
  if (account.lockedUntil !== null && account.lockedUntil > now) return `locked until ${account.lockedUntil}`;
  if (account.mustChangePassword) return 'must change password';
  return 'active';
}

const base = process.env.INIT_CWD ?? process.cwd();

async function main(): Promise<number> {
  if (!command || command === '--help' || command === 'help') {
    out(USAGE);
    return command ? 0 : 2;
  }
  const known = ['create-practice', 'add-account', 'reset-password', 'list-accounts'];
  if (!known.includes(command)) throw new UsageError(`unknown command: ${command}`);

  const dataDir = resolve(base, option('--data') ?? process.env.DATA_DIR ?? 'data');
  const storage = createSqliteStorage({ file: join(dataDir, 'aligned.db') });
  try {
    const service = createAccountService({
      store: createSqliteAccountStore(storage.db),
      hasher: createScryptHasher(),
    }).operator;

    async function practiceId(): Promise<string> {
      const given = option('--practice');
      if (given) return given;
      const practices = await service.listPractices();
      if (practices.length === 1) return practices[0]!.id;
      throw new UsageError(
        practices.length === 0
          ? 'no practice yet: run create-practice first'
          : `several practices: pass --practice (${practices.map((p) => p.id).join(', ')})`,
      );
    }

    switch (command) {
      case 'create-practice': {
        const input = {
          practice: { name: required('--name'), timeZone: required('--time-zone') },
          owner: {
            name: required('--owner-name'),
            login: required('--owner-login'),
            password: await readSecret(required('--owner-password')),
          },
        };
        const result = await service.createPractice(input);
        if (!result.ok) {
          fail(refusal(result.error));
          return 1;
        }
        out(
          [
            `practice id: ${result.value.practiceId}`,
            `owner id: ${result.value.ownerId}`,
            `recovery code: ${result.value.recoveryCode}`,
            '',
            'The recovery code is shown only this once. Print it and keep it in the practice safe:',
            'with it an owner can regain access when every password is lost.',
          ].join('\n'),
        );
        return 0;
      }

      case 'add-account': {
        const role = StaffRole.safeParse(required('--role'));
        if (!role.success) throw new UsageError(`--role must be one of ${StaffRole.options.join(', ')}`);
        const password = option('--password');
        const invite = args.includes('--invite');
        if (password !== undefined && invite) throw new UsageError('use either --password or --invite');
        const common = {
          name: required('--name'),
          login: required('--login'),
          role: role.data,
          locationIds: (option('--locations') ?? '')
            .split(',')
            .map((id) => id.trim())
            .filter((id) => id.length > 0),
        };
        const result = await service.createAccount(
          await practiceId(),
          password !== undefined
            ? { ...common, method: 'password', password: await readSecret(password) }
            : { ...common, method: invite ? 'invite' : 'temporary-password' },
        );
        if (!result.ok) {
          fail(refusal(result.error));
          return 1;
        }
        const { account } = result.value;
        const lines = [
          `account id: ${account.id}`,
          `login: ${account.login} (${STAFF_ROLE_LABELS[account.role]})`,
        ];
        if (result.value.temporaryPassword !== undefined) {
          lines.push(`temporary password: ${result.value.temporaryPassword}`);
        }
        if (result.value.invite) {
          lines.push(
            `invite token: ${result.value.invite.token}`,
            `invite expires: ${result.value.invite.expiresAt}`,
          );
        } else {
          lines.push('The password must be changed at first sign-in.');
        }
        out(lines.join('\n'));
        return 0;
      }

      case 'reset-password': {
        const result = await service.resetPassword(required('--login'));
        if (!result.ok) {
          fail(refusal(result.error));
          return 1;
        }
        out(
          [
            `temporary password: ${result.value.temporaryPassword}`,
            `sessions ended: ${result.value.revoked.length}`,
            'The password must be changed at first sign-in.',
          ].join('\n'),
        );
        return 0;
      }

      case 'list-accounts': {
        const given = option('--practice');
        const practices = (await service.listPractices()).filter(
          (p) => given === undefined || p.id === given,
        );
        if (given !== undefined && practices.length === 0) {
          fail(refusal('not-found'));
          return 1;
        }
        const now = new Date().toISOString();
        const lines: string[] = [];
        for (const practice of practices) {
          lines.push(`${practice.name} (${practice.id}, ${practice.timeZone})`);
          for (const account of await service.listAccounts(practice.id)) {
            lines.push(
              `  ${account.login}\t${account.name}\t${account.role}\t${statusOf(account, now)}\t${account.id}`,
            );
          }
        }
        out(lines.length > 0 ? lines.join('\n') : 'No practices yet.');
        return 0;
      }
    }
    return 2;
  } finally {
    await storage.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof UsageError) {
    fail(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    fail(`admin-cli failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
