/**
 * @module `npm run cli -- user ...`: web accounts from the command line, including the first
 * admin. A password is asked for twice on a terminal without echo, or read as one line from
 * standard input (for scripts: `npm run cli -- user create … < file`). Never from an option: a
 * command line is visible to every user of the machine (ps) and kept in shell history.
 */
import { createInterface } from 'node:readline';
import { getGroup } from '../db/directory.js';
import type { Store, WriteContext } from '../db/store.js';
import { createUser, findLogin, listUsers, setDisabled, setPassword } from '../db/users.js';
import { ROLES, type Role } from '../domain/accounts.js';
import { hashPassword, passwordProblem } from '../domain/password.js';
import { isEmail } from '../domain/validation.js';
import { nativeScrypt } from '../runtime/native-scrypt.js';

export class UserCommandError extends Error {}

export const USER_USAGE = `  user create <email> [--role admin|organiser|viewer] [--group <slug>]...
                                   create a web account (asks for the password, or reads it from standard input)
  user list                        list web accounts
  user password <email>            set a new password (asked for, or read from standard input; signs the user out everywhere)
  user disable|enable <email>      stop or allow signing in`;

async function askHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const muted = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  let asking = true;
  muted._writeToOutput = (s: string) => {
    if (!asking || s.includes(question)) process.stdout.write(s);
  };
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      asking = false;
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function readLine(input: NodeJS.ReadableStream): Promise<string> {
  const rl = createInterface({ input });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

/** Where a password comes from: a terminal (asked for twice, not echoed) or piped standard input. */
async function obtainPassword(input: NodeJS.ReadableStream): Promise<string> {
  let password: string;
  if (input === process.stdin && process.stdin.isTTY) {
    password = await askHidden('Password (at least 12 characters): ');
    const again = await askHidden('Same password again: ');
    if (again !== password) throw new UserCommandError('the two passwords differ');
  } else {
    password = await readLine(input);
  }
  const problem = passwordProblem(password);
  if (problem) throw new UserCommandError(`password ${problem}`);
  return password;
}

export async function userCommand(
  store: Store,
  ctx: WriteContext,
  sub: string | undefined,
  email: string | undefined,
  options: { role?: string; group?: string[]; password?: string },
  out: (line: string) => void,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<void> {
  if (options.password !== undefined) {
    throw new UserCommandError(
      '--password is not accepted: a password on the command line can be read by other users of this machine and stays in shell history. ' +
        'Leave it out to be asked for it, or send it on standard input (npm run cli -- user create … < password-file).',
    );
  }
  if (sub === 'list') {
    const users = await listUsers(store);
    if (!users.length) out('no accounts');
    for (const u of users)
      out(`${u.email}  ${u.role}${u.groupIds.length ? `  groups: ${u.groupIds.length}` : ''}${u.disabledAt ? '  DISABLED' : ''}`);
    return;
  }
  if (!email || !isEmail(email)) throw new UserCommandError(`user ${sub ?? ''} needs an email address, e.g. user create team@example.org`);
  if (sub === 'create') {
    const role = (options.role ?? 'organiser') as Role;
    if (!ROLES.includes(role)) throw new UserCommandError(`--role must be one of: ${ROLES.join(', ')}`);
    const groupIds: string[] = [];
    for (const ref of options.group ?? []) {
      const group = await getGroup(store, ref);
      if (!group) throw new UserCommandError(`--group "${ref}" is not a group slug or id`);
      groupIds.push(group.id);
    }
    if (await findLogin(store, email)) throw new UserCommandError(`${email} already has an account`);
    const password = await obtainPassword(input);
    const user = await createUser(
      store,
      { email, role, passwordHash: await hashPassword(password, undefined, nativeScrypt), groupIds },
      ctx,
    );
    out(`created ${user.role} account ${user.email}; sign in at /signin`);
    return;
  }
  const login = await findLogin(store, email);
  if (!login) throw new UserCommandError(`no account for ${email}`);
  if (sub === 'password') {
    const password = await obtainPassword(input);
    await setPassword(store, login.user, await hashPassword(password, undefined, nativeScrypt), ctx);
    out(`password changed for ${email}; their sessions have ended`);
    return;
  }
  if (sub === 'disable' || sub === 'enable') {
    await setDisabled(store, login.user, sub === 'disable', ctx);
    out(`${sub}d ${email}`);
    return;
  }
  throw new UserCommandError('user needs a subcommand: create, list, password, disable or enable');
}
