import { hash, verify, type Options } from '@node-rs/argon2';

/** Argon2id at the library's defaults: 19 MiB of memory, 2 passes, 1 lane (OWASP's recommendation). */
export const FULL_COST: Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** The test suite's cost: hashing takes well under a millisecond instead of tens. */
const TEST_COST: Options = { memoryCost: 256, timeCost: 1, parallelism: 1 };

/**
 * The cost of new hashes. The low one only inside the test runner (vitest sets VITEST) and only when asked for
 * with PAYDESK_TEST_FAST_PASSWORD_HASHING=1; the server and the CLI refuse to start with that variable set
 * (loadConfig). Verifying reads the cost from the stored hash, so either kind verifies anywhere.
 */
export function passwordHashCost(env: NodeJS.ProcessEnv = process.env): Options {
  return env.PAYDESK_TEST_FAST_PASSWORD_HASHING === '1' && env.VITEST ? TEST_COST : FULL_COST;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, passwordHashCost());
}

let verifications = 0;

/** How many password hashes this process has checked: every refused sign-in must spend one, whatever the reason. */
export const passwordVerifications = () => verifications;

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  verifications += 1;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export { MIN_PASSWORD_LENGTH } from '@paydesk/contract/rules';
