import { describe, expect, it } from 'vitest';
import { hashPassword, passwordPolicyViolation, verifyPassword } from './password';

const policy = { minLength: 8, requireLetter: true, requireDigit: true, requireSymbol: false };

describe('passwords', () => {
  it('hashes with scrypt and a per-password salt', async () => {
    const a = await hashPassword('Secret123');
    const b = await hashPassword('Secret123');
    expect(a.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Secret123', a)).toBe(true);
    expect(await verifyPassword('Secret124', a)).toBe(false);
    expect(await verifyPassword('Secret123', 'plain')).toBe(false);
  });

  it('names the first policy rule a password breaks', () => {
    expect(passwordPolicyViolation(policy, 'abc12')).toBe('minLength');
    expect(passwordPolicyViolation(policy, '12345678')).toBe('requireLetter');
    expect(passwordPolicyViolation(policy, 'abcdefgh')).toBe('requireDigit');
    expect(passwordPolicyViolation({ ...policy, requireSymbol: true }, 'abcd1234')).toBe('requireSymbol');
    expect(passwordPolicyViolation(policy, 'abcd1234')).toBeNull();
    expect(passwordPolicyViolation(policy, 'a1'.repeat(65))).toBe('maxLength');
  });
});
