import { z } from 'zod';

const passwordPolicySchema = z.object({
  minLength: z.number().int().min(6).max(64),
  requireLetter: z.boolean(),
  requireDigit: z.boolean(),
  requireSymbol: z.boolean(),
  /** days after which staff must change their password; null = never */
  maxAgeDays: z.number().int().min(1).max(3650).nullable(),
});

const lockoutSchema = z.object({
  /** consecutive failed logins that lock an account */
  maxFailures: z.number().int().min(3).max(20),
  lockMinutes: z.number().int().min(1).max(1440),
});

/** Merchant-wide settings, stored as JSON. */
export const merchantSettingsSchema = z.object({
  passwordPolicy: passwordPolicySchema,
  lockout: lockoutSchema,
  sessionIdleMinutes: z.number().int().min(5).max(1440),
});

export type MerchantSettings = z.infer<typeof merchantSettingsSchema>;

export const DEFAULT_SETTINGS: MerchantSettings = {
  passwordPolicy: { minLength: 8, requireLetter: true, requireDigit: true, requireSymbol: false, maxAgeDays: null },
  lockout: { maxFailures: 5, lockMinutes: 15 },
  sessionIdleMinutes: 120,
};

export const merchantSettingsPatchSchema = z.object({
  merchantName: z.string().trim().min(1).max(64).optional(),
  passwordPolicy: passwordPolicySchema.partial().optional(),
  lockout: lockoutSchema.partial().optional(),
  sessionIdleMinutes: merchantSettingsSchema.shape.sessionIdleMinutes.optional(),
});
export type MerchantSettingsPatch = z.infer<typeof merchantSettingsPatchSchema>;

/** Stored JSON over the defaults, so settings added later need no migration. */
export function parseSettings(json: string): MerchantSettings {
  const stored = JSON.parse(json) as Partial<MerchantSettings>;
  return merchantSettingsSchema.parse({
    ...DEFAULT_SETTINGS,
    ...stored,
    passwordPolicy: { ...DEFAULT_SETTINGS.passwordPolicy, ...stored.passwordPolicy },
    lockout: { ...DEFAULT_SETTINGS.lockout, ...stored.lockout },
  });
}

export function applySettingsPatch(current: MerchantSettings, patch: MerchantSettingsPatch): MerchantSettings {
  return {
    passwordPolicy: { ...current.passwordPolicy, ...patch.passwordPolicy },
    lockout: { ...current.lockout, ...patch.lockout },
    sessionIdleMinutes: patch.sessionIdleMinutes ?? current.sessionIdleMinutes,
  };
}
