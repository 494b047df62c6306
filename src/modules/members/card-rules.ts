import { randomInt } from 'node:crypto';
import type { CardStatus, ValidityKind } from './members.tables';

/** A member's current card: usable or not, it is theirs until replaced or cancelled (an expired one is revived by extension). */
export const LIVE_CARD_STATUSES: readonly CardStatus[] = ['active', 'lost', 'frozen', 'expired'];

function addMonths(from: Date, months: number): Date {
  const d = new Date(from);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  // 31 Jan + 1 month = 28/29 Feb, not 3 Mar
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/** When a card of this validity, starting at `from`, stops working; null = permanent (RULES R13). */
export function validUntil(from: Date, kind: ValidityKind, days: number | null): Date | null {
  switch (kind) {
    case 'permanent':
      return null;
    case 'days':
      return new Date(from.getTime() + (days ?? 0) * 86_400_000);
    case 'month':
      return addMonths(from, 1);
    case 'quarter':
      return addMonths(from, 3);
    case 'year':
      return addMonths(from, 12);
  }
}

/** Extension counts from the current expiry, or from now when the card has already expired. */
export function extendedUntil(currentExpiry: Date | null, now: Date, kind: ValidityKind, days: number | null): Date | null {
  const base = currentExpiry && currentExpiry > now ? currentExpiry : now;
  return validUntil(base, kind, days);
}

/** Why a card cannot be used right now, or null when it can. */
export function cardBlock(status: CardStatus, expiresAt: string | null, now: Date): 'CARD_LOST' | 'CARD_FROZEN' | 'CARD_EXPIRED' | 'CARD_INACTIVE' | null {
  if (status === 'lost') return 'CARD_LOST';
  if (status === 'frozen') return 'CARD_FROZEN';
  if (status === 'expired' || (status === 'active' && expiresAt !== null && new Date(expiresAt) <= now)) return 'CARD_EXPIRED';
  if (status !== 'active') return 'CARD_INACTIVE';
  return null;
}

/** Luhn check digit, so a mistyped card number is caught before a lookup. */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A new 12-digit card number: 11 random digits (first not 0) and a Luhn check digit. */
export function generateCardNo(): string {
  let body = String(randomInt(1, 10));
  for (let i = 0; i < 10; i++) body += String(randomInt(0, 10));
  return body + luhnDigit(body);
}
