import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { FULL_COST, hashPassword, passwordHashCost, verifyPassword } from '../src/auth/passwords.ts';
import { loadConfig } from '../src/config.ts';

describe('password hashing cost', () => {
  it('is argon2id at full cost outside the test runner, whatever the environment asks for', async () => {
    expect(passwordHashCost({})).toEqual(FULL_COST);
    expect(passwordHashCost({ PAYDESK_TEST_FAST_PASSWORD_HASHING: '1' })).toEqual(FULL_COST);
    expect(passwordHashCost({ VITEST: 'true' })).toEqual(FULL_COST);
    const stored = await hash('correct horse battery staple', passwordHashCost({ NODE_ENV: 'production' }));
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
  });

  it('is low only in the test runner with PAYDESK_TEST_FAST_PASSWORD_HASHING=1, and such hashes still verify', async () => {
    expect(process.env.PAYDESK_TEST_FAST_PASSWORD_HASHING).toBe('1');
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'wrong horse battery staple')).toBe(false);
  });

  it('keeps the server and the CLI from starting with the test setting', () => {
    expect(() => loadConfig({ PAYDESK_TEST_FAST_PASSWORD_HASHING: '1' })).toThrow(/test suite only/);
    expect(loadConfig({}).port).toBe(3000);
  });
});
