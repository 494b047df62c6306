import { z } from 'zod';
import { isIsoDate, isValidTimeZone, parseTimeOfDay } from './clock';
import { ID_PATTERN } from './ids';
import { BP_ONE, MAX_FEN } from './money';

// Reusable input schemas: one definition of "a valid code / amount / date" for every route.

export const zId = z.string().regex(ID_PATTERN, 'invalid id');
export const zCode = z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
export const zName = z.string().trim().min(1).max(64);
export const zText = (max: number) => z.string().trim().max(max);
export const zFen = z.number().int().min(0).max(MAX_FEN);
/** A rate in basis points where 10000 is 100% (9.5折 = 9500). */
export const zDiscountBp = z.number().int().min(1).max(BP_ONE);
export const zIsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine(isIsoDate, 'not a real date');
/** An instant with offset, normalised to UTC ISO with milliseconds (the stored form, so text comparison works on SQLite). */
export const zTimestamp = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
export const zTimeOfDay = z.string().refine((s) => parseTimeOfDay(s) !== null, 'HH:MM');
export const zTimeZone = z.string().max(64).refine(isValidTimeZone, 'unknown time zone');
export const zPhone = z.string().trim().regex(/^[0-9+\- ]{3,32}$/, 'digits, +, - and spaces');
export const zMobile = z.string().regex(/^1[3-9]\d{9}$/, 'mainland mobile number');

export const zPaging = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
  order: z.enum(['asc', 'desc']).default('asc'),
};

export function pageResult<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

export const zOk = z.object({ ok: z.literal(true) });

/** Custom values as clients send them; each is checked against its definition by the service. */
export const customValuesInput = z.record(z.string().max(32), z.union([z.string().max(500), z.number(), z.array(z.string().max(64)).max(100), z.null()]));
