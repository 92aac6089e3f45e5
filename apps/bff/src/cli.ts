import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { STAFF_ROLES, type StaffRole } from '@paydesk/domain';
import { hashPassword, MIN_PASSWORD_LENGTH } from './auth/passwords.ts';
import { loadConfig } from './config.ts';
import { migrateToLatest, openDatabase, type Db } from './db/database.ts';
import { seedDemoData } from './seed/seed.ts';
import { upsertStaffUser } from './staff-users/staff-users.repository.ts';

const USAGE = `Usage:
  pnpm seed [--payments N] [--demo-staff]
  pnpm paydesk staff:create --email EMAIL --role ROLE [--name "Full Name"]
      The password is read from PAYDESK_STAFF_PASSWORD, or asked for.
      Roles: ${STAFF_ROLES.join(', ')}.`;

async function seed(db: Db, args: string[]) {
  const { values } = parseArgs({ args, options: { payments: { type: 'string' }, 'demo-staff': { type: 'boolean' } } });
  const payments = values.payments === undefined ? undefined : Number(values.payments);
  if (payments !== undefined && (!Number.isInteger(payments) || payments < 0))
    throw new UsageError('--payments must be a whole number.');
  const started = Date.now();
  const summary = await seedDemoData(db, { payments, demoStaff: values['demo-staff'] ?? false });
  console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s:`, summary);
}

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError('Set PAYDESK_STAFF_PASSWORD, or run this in a terminal to be asked.');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Hide what is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (s.startsWith('Password')) process.stdout.write(s);
  };
  const password = await rl.question('Password: ');
  rl.close();
  process.stdout.write('\n');
  return password;
}

async function createStaff(db: Db, args: string[]) {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
  });
  const email = values.email?.trim();
  if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) throw new UsageError('--email must be an email address.');
  const role = values.role as StaffRole;
  if (!STAFF_ROLES.includes(role)) throw new UsageError(`--role must be one of ${STAFF_ROLES.join(', ')}.`);
  const password = process.env.PAYDESK_STAFF_PASSWORD ?? (await askPassword());
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new UsageError(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  const user = await upsertStaffUser(db, {
    email,
    role,
    full_name: values.name?.trim() || email.split('@')[0]!,
    password_hash: await hashPassword(password),
  });
  console.log(`Staff user ${user.email} (${user.role}) is ready; id ${user.id}.`);
}

class UsageError extends Error {}

const [command, ...args] = process.argv.slice(2);
const commands: Record<string, (db: Db, args: string[]) => Promise<void>> = { seed, 'staff:create': createStaff };
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(USAGE);
  process.exit(2);
}
const config = loadConfig();
// Seeding and staff accounts are the operator's: as the schema's owner, with no time limits on bulk writes.
const database = openDatabase({
  databaseUrl: config.migrationUrl,
  dataDir: config.databaseUrl ? undefined : config.dataDir,
  limits: false,
});
try {
  await migrateToLatest(database.db);
  await run(database.db, args);
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
} finally {
  await database.close();
}
