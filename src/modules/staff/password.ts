import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** scrypt with a random salt; the parameters travel in the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { ...PARAMS, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}

/** A hash of a random password, verified against when the username is unknown, so timing tells nothing. */
export const DUMMY_HASH_INPUT = randomBytes(12).toString('hex');

export interface PasswordPolicy {
  minLength: number;
  requireLetter: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
}

/** The first policy rule the password breaks, or null. */
export function passwordPolicyViolation(policy: PasswordPolicy, password: string): string | null {
  if (password.length < policy.minLength) return 'minLength';
  if (password.length > 128) return 'maxLength';
  if (policy.requireLetter && !/[A-Za-z]/.test(password)) return 'requireLetter';
  if (policy.requireDigit && !/\d/.test(password)) return 'requireDigit';
  if (policy.requireSymbol && !/[^A-Za-z0-9]/.test(password)) return 'requireSymbol';
  return null;
}
