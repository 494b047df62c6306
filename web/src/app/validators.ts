import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import { multiplierToBp, yuanToFen, zheToBp } from './money';

export const CODE_RE = /^[A-Za-z0-9_-]+$/;

/** Required for number inputs: a whitespace check would treat the number as a string and refuse it. */
export function requiredNumberRule(t: TFunction, field: string): Rule {
  return { required: true, type: 'number', message: t('common:validation.required', { field }) };
}

export function requiredRule(t: TFunction, field: string, select = false): Rule {
  return {
    required: true,
    whitespace: !select,
    message: t(select ? 'common:validation.requiredSelect' : 'common:validation.required', { field }),
  };
}

export function maxRule(t: TFunction, field: string, max: number): Rule {
  return { max, message: t('common:validation.maxLength', { field, max }) };
}

/** Codes: required, letters/digits/_/-, at most `max` characters. */
export function codeRules(t: TFunction, field: string, max = 32): Rule[] {
  return [requiredRule(t, field), maxRule(t, field, max), { pattern: CODE_RE, message: t('common:validation.code') }];
}

export function nameRules(t: TFunction, field: string, max = 64): Rule[] {
  return [requiredRule(t, field), maxRule(t, field, max)];
}

export function moneyRule(t: TFunction): Rule {
  return {
    validator: (_, v: unknown) => {
      if (v === undefined || v === null || v === '') return Promise.resolve();
      const fen = yuanToFen(String(v));
      return fen !== null && fen >= 0 ? Promise.resolve() : Promise.reject(new Error(t('common:validation.money')));
    },
  };
}

/** An optional discount typed as 折 (9.5 → 9500 bp), within (0, 10折]. */
export function zheRule(message: string): Rule {
  return {
    validator: (_, v: string | undefined) => {
      if (!v || !v.trim()) return Promise.resolve();
      const bp = zheToBp(v);
      return bp !== null && bp > 0 && bp <= 10000 ? Promise.resolve() : Promise.reject(new Error(message));
    },
  };
}

/** A multiplier typed as 1.5 (→ 15000 bp), from 0 up to `maxBp`. */
export function multiplierRule(message: string, maxBp = 100_000): Rule {
  return {
    validator: (_, v: string | undefined) => {
      if (!v || !v.trim()) return Promise.resolve();
      const bp = multiplierToBp(v);
      return bp !== null && bp >= 0 && bp <= maxBp ? Promise.resolve() : Promise.reject(new Error(message));
    },
  };
}

/** mirrors the server's zPhone: digits, +, - and spaces, 3–32 characters */
export const PHONE_RE = /^[0-9+\- ]{3,32}$/;

export function phoneRule(t: TFunction): Rule {
  return { pattern: PHONE_RE, message: t('common:validation.phone') };
}

/** Trim strings; turn empty optional strings into null (for PATCH) or drop them (for POST). */
export function cleanStrings<T extends Record<string, unknown>>(v: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) out[k] = typeof val === 'string' ? val.trim() : val;
  return out as T;
}
