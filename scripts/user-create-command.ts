import { parseArgs } from 'node:util';
import {
  AccessError,
  AccessErrorCode,
  AccessService,
  generatePassword,
  Role,
  ROLES,
  systemActor,
  UserView,
} from '../libs/access/index.js';
import { CatalogueService } from '../libs/catalogue/index.js';

export const USER_CREATE_USAGE =
  'Usage: npm run user:create -- --email a@b.c --role ROLE [--name "Full Name"] [--group CODE ...] [--password-stdin]\n' +
  `  ROLE is one of: ${ROLES.join(', ')}. A data_officer needs at least one --group.\n` +
  '  The password is generated and printed once, unless --password-stdin reads it from standard input.';

export interface UserCreateOptions {
  email: string;
  role: Role;
  displayName: string;
  groupCodes: string[];
  passwordFromStdin: boolean;
}

/** A mistake on the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** A request the platform refuses (unknown group, duplicate email, weak password): exit code 1. */
export class UserCreateError extends Error {}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseUserCreateArgs(argv: readonly string[]): UserCreateOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        email: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        group: { type: 'string', multiple: true },
        'password-stdin': { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const email = values.email?.trim().toLowerCase();
  if (!email) throw new UsageError('Give the new user’s email with --email.');
  if (!EMAIL.test(email)) throw new UsageError(`'${values.email}' is not an email address.`);
  if (!values.role) throw new UsageError(`Give a role with --role: one of ${ROLES.join(', ')}.`);
  if (!(ROLES as readonly string[]).includes(values.role)) {
    throw new UsageError(`'${values.role}' is not a role. Choose one of: ${ROLES.join(', ')}.`);
  }
  const role = values.role as Role;
  const groupCodes = [...new Set((values.group ?? []).map((code) => code.trim()).filter((code) => code !== ''))];
  if (role === 'data_officer' && groupCodes.length === 0) {
    throw new UsageError('A data_officer acts for one or more groups: add --group CODE (repeat it for several).');
  }
  if (role !== 'data_officer' && groupCodes.length > 0) {
    throw new UsageError(`Only data officers are scoped to groups; drop --group for the ${role} role.`);
  }
  return {
    email,
    role,
    displayName: values.name?.trim() || email.split('@')[0]!,
    groupCodes,
    passwordFromStdin: values['password-stdin'] ?? false,
  };
}

/** The first line of what was piped in: `printf '%s' "$PW" | …` and `echo "$PW" | …` both work. */
export function passwordFromInput(input: string): string {
  const password = input.replace(/\r?\n$/, '');
  if (password === '') throw new UsageError('--password-stdin was given but standard input was empty.');
  if (/[\r\n]/.test(password)) throw new UsageError('The password read from standard input must be a single line.');
  return password;
}

export interface UserCreateDependencies {
  access: AccessService;
  catalogue: CatalogueService;
}

export interface UserCreated {
  user: UserView;
  groupCodes: string[];
  /** Set when the password was generated here: show it once, store it nowhere. */
  generatedPassword: string | null;
}

export async function createUserFromOptions(
  options: UserCreateOptions,
  suppliedPassword: string | null,
  { access, catalogue }: UserCreateDependencies,
): Promise<UserCreated> {
  const groups = await resolveGroups(catalogue, options.groupCodes);
  const generatedPassword = suppliedPassword === null ? generatePassword() : null;
  try {
    const user = await access.createUser(
      {
        email: options.email,
        displayName: options.displayName,
        role: options.role,
        groupIds: groups.map((g) => g.id),
        password: suppliedPassword ?? (generatedPassword as string),
      },
      systemActor('user-create-cli'),
    );
    return { user, groupCodes: groups.map((g) => g.code), generatedPassword };
  } catch (error) {
    if (error instanceof AccessError && error.code === AccessErrorCode.DuplicateEmail) {
      throw new UserCreateError(`A user with the email ${options.email} already exists.`);
    }
    if (error instanceof AccessError) throw new UserCreateError(error.message);
    throw error;
  }
}

/** Group codes as typed (any case) to the groups they name. */
async function resolveGroups(
  catalogue: CatalogueService,
  codes: readonly string[],
): Promise<{ id: string; code: string }[]> {
  if (codes.length === 0) return [];
  const all = await catalogue.listGroups({}, undefined, { page: 1, pageSize: 10_000 });
  const byCode = new Map(all.items.map((g) => [g.code.toLowerCase(), { id: g.id, code: g.code }]));
  const unknown = codes.filter((code) => !byCode.has(code.toLowerCase()));
  if (unknown.length > 0) {
    const known = all.items.map((g) => g.code).join(', ') || 'none yet';
    throw new UserCreateError(
      `Unknown group code${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `'${c}'`).join(', ')}. Known codes: ${known}.`,
    );
  }
  return codes.map((code) => byCode.get(code.toLowerCase())!);
}
