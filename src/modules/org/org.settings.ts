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

const pointsExpirySchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('never') }),
  /** points earned in year Y expire at the end of year Y+1 (RULES R4) */
  z.object({ mode: z.literal('year_end_next') }),
  z.object({ mode: z.literal('days'), days: z.number().int().min(1).max(3650) }),
]);

/** Stored value and points (RULES R3, R4). */
const walletSchema = z.object({
  /** how a stored-value payment divides between principal and bonus */
  spendSplit: z.enum(['proportional', 'principal_first', 'bonus_first']),
  pointsExpiry: pointsExpirySchema,
  /** points earned per ¥1 of eligible spend, in basis points (10000 = 1 point per ¥1) */
  earnRateBp: z.number().int().min(0).max(1_000_000),
  /** points worth ¥1 when used as cash */
  pointsPerYuan: z.number().int().min(1).max(100_000),
  /** at most this share of an order may be paid with points */
  maxPointsShareBp: z.number().int().min(0).max(10_000),
  /** text the member after each stored-value payment (储值消费提醒) */
  balanceSms: z.boolean(),
});

/** Merchant-wide settings, stored as JSON. */
export const merchantSettingsSchema = z.object({
  passwordPolicy: passwordPolicySchema,
  lockout: lockoutSchema,
  sessionIdleMinutes: z.number().int().min(5).max(1440),
  wallet: walletSchema,
});
export type WalletSettings = z.infer<typeof walletSchema>;

export type MerchantSettings = z.infer<typeof merchantSettingsSchema>;

export const DEFAULT_SETTINGS: MerchantSettings = {
  passwordPolicy: { minLength: 8, requireLetter: true, requireDigit: true, requireSymbol: false, maxAgeDays: null },
  lockout: { maxFailures: 5, lockMinutes: 15 },
  sessionIdleMinutes: 120,
  wallet: { spendSplit: 'proportional', pointsExpiry: { mode: 'year_end_next' }, earnRateBp: 10_000, pointsPerYuan: 100, maxPointsShareBp: 5_000, balanceSms: true },
};

export const merchantSettingsPatchSchema = z.object({
  merchantName: z.string().trim().min(1).max(64).optional(),
  passwordPolicy: passwordPolicySchema.partial().optional(),
  lockout: lockoutSchema.partial().optional(),
  sessionIdleMinutes: merchantSettingsSchema.shape.sessionIdleMinutes.optional(),
  wallet: walletSchema.partial().optional(),
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
    wallet: { ...DEFAULT_SETTINGS.wallet, ...stored.wallet },
  });
}

export function applySettingsPatch(current: MerchantSettings, patch: MerchantSettingsPatch): MerchantSettings {
  return {
    passwordPolicy: { ...current.passwordPolicy, ...patch.passwordPolicy },
    lockout: { ...current.lockout, ...patch.lockout },
    sessionIdleMinutes: patch.sessionIdleMinutes ?? current.sessionIdleMinutes,
    wallet: { ...current.wallet, ...patch.wallet },
  };
}
