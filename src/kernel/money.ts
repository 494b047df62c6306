/** Money is integer fen; points and uses are integers. Rates are integer basis points (8.8折 = 8800). */
declare const fenBrand: unique symbol;
declare const pointsBrand: unique symbol;
export type Fen = number & { readonly [fenBrand]: true };
export type Points = number & { readonly [pointsBrand]: true };

/** Upper bound for any amount accepted from outside (RULES R14): 10^12 fen. */
export const MAX_FEN = 1_000_000_000_000;
export const BP_ONE = 10_000;

export function fen(value: number): Fen {
  if (!Number.isSafeInteger(value)) throw new RangeError(`fen must be an integer, got ${value}`);
  return value as Fen;
}

export function points(value: number): Points {
  if (!Number.isSafeInteger(value)) throw new RangeError(`points must be an integer, got ${value}`);
  return value as Points;
}

/**
 * round_half_up(numerator / denominator) for non-negative integers, exact for any size
 * because it runs in bigint. The single rounding rule of RULES R1.
 */
export function roundHalfUp(numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  const sign = n < 0n ? -1n : 1n;
  const abs = n < 0n ? -n : n;
  const q = (abs * 2n + d) / (2n * d);
  return Number(sign * q);
}

/** floor(numerator / denominator) in bigint, for points earning (RULES R4). */
export function floorDiv(numerator: number, denominator: number): number {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  let q = n / d;
  if ((n % d !== 0n) && ((n < 0n) !== (d < 0n))) q -= 1n;
  return Number(q);
}

/** Price of one unit after a rate in basis points, rounded half up (RULES R1). */
export function applyRate(amount: number, rateBp: number): number {
  return roundHalfUp(amount * rateBp, BP_ONE);
}

/**
 * Split `total` across `weights` proportionally so the parts sum exactly to `total`
 * (largest remainder; ties go to the earlier line). RULES R1.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const T = BigInt(total);
  const S = BigInt(sum);
  const shares = weights.map((w) => {
    const exact = T * BigInt(w);
    return { floor: exact / S, remainder: exact % S };
  });
  let left = T - shares.reduce((a, s) => a + s.floor, 0n);
  const order = shares
    .map((s, i) => ({ i, r: s.remainder }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const result = shares.map((s) => s.floor);
  for (const { i } of order) {
    if (left <= 0n) break;
    result[i] = (result[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return result.map(Number);
}

/** 1234 → "12.34", -50 → "-0.50": fen as yuan for messages and SMS (display only, never arithmetic). */
export function formatYuan(fenAmount: number): string {
  const abs = Math.abs(fenAmount);
  return `${fenAmount < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
