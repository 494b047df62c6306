/**
 * Pure points rules (RULES R4): earning per order and points used as cash.
 * All products run in bigint and fractions are dropped once, at the end.
 */
import { isIsoDate, isoWeekday } from '../../kernel/clock';
import { BP_ONE } from '../../kernel/money';

export interface EarnLine { eligibleFen: number; excluded?: boolean; /** product's own points per ¥1 in bp (10000 = 1 point per ¥1); undefined = the merchant default */ rateBp?: number }
export interface EarnWindow { name: string; multiplierBp: number; /** ISO weekdays 1=Mon..7=Sun; empty/undefined = every day */ weekdays?: number[]; /** minutes from local midnight, [from, to); undefined = all day */ fromMinute?: number; toMinute?: number; /** YYYY-MM-DD inclusive bounds, optional */ startsOn?: string; endsOn?: string }
export interface EarnInput { lines: readonly EarnLine[]; defaultRateBp: number; levelMultiplierBp: number; storeRatioBp: number; windows: readonly EarnWindow[]; /** local date 'YYYY-MM-DD', ISO weekday 1..7, minute of day at the store */ at: { date: string; weekday: number; minute: number } }
export interface EarnResult { points: number; eligibleFen: number; multiplierBp: number; windowsApplied: string[]; /** one human-readable step per factor, e.g. 'level ×1.5' — for explaining the points on a receipt */ steps: { factor: string; bp: number }[] }

const BP = BigInt(BP_ONE);
const MINUTES_PER_DAY = 1440;

function assertInt(name: string, value: number, min = 0, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

function toSafe(name: string, value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} is too large: ${value}`);
  return n;
}

/** 15000 → '1.5', 20000 → '2', 5000 → '0.5'; integer arithmetic only, no toFixed. */
function formatBp(bp: number): string {
  const frac = String(bp % BP_ONE).padStart(4, '0').replace(/0+$/, '');
  return frac ? `${Math.floor(bp / BP_ONE)}.${frac}` : String(Math.floor(bp / BP_ONE));
}

function validateWindow(w: EarnWindow, i: number): void {
  const at = `windows[${i}]`;
  assertInt(`${at}.multiplierBp`, w.multiplierBp);
  for (const d of w.weekdays ?? []) assertInt(`${at}.weekdays`, d, 1, 7);
  if (w.fromMinute !== undefined) assertInt(`${at}.fromMinute`, w.fromMinute, 0, MINUTES_PER_DAY);
  if (w.toMinute !== undefined) assertInt(`${at}.toMinute`, w.toMinute, 0, MINUTES_PER_DAY);
  if (w.startsOn !== undefined && !isIsoDate(w.startsOn)) throw new RangeError(`${at}.startsOn must be YYYY-MM-DD`);
  if (w.endsOn !== undefined && !isIsoDate(w.endsOn)) throw new RangeError(`${at}.endsOn must be YYYY-MM-DD`);
}

function windowActive(w: EarnWindow, at: EarnInput['at']): boolean {
  if (w.weekdays?.length && !w.weekdays.includes(at.weekday)) return false;
  // ISO dates compare correctly as strings
  if (w.startsOn !== undefined && at.date < w.startsOn) return false;
  if (w.endsOn !== undefined && at.date > w.endsOn) return false;
  const from = w.fromMinute ?? 0;
  const to = w.toMinute ?? MINUTES_PER_DAY;
  // from > to is an overnight window (22:00–02:00); weekday and dates are still those of `at`
  return from <= to ? at.minute >= from && at.minute < to : at.minute >= from || at.minute < to;
}

/** R4: points = floor(Σ(eligible_i × rate_i) × level × storeRatio × Π(active windows) / (100 × 10000^(k))) computed in bigint, floored ONCE at the end of the order, never per line. Excluded lines contribute nothing. */
export function earnPoints(input: EarnInput): EarnResult {
  const { at } = input;
  if (!isIsoDate(at.date)) throw new RangeError('at.date must be YYYY-MM-DD');
  assertInt('at.weekday', at.weekday, 1, 7);
  assertInt('at.minute', at.minute, 0, MINUTES_PER_DAY - 1);
  // the weekday is passed alongside the date; a mismatch means the caller mixed two clocks
  if (isoWeekday(at.date) !== at.weekday) throw new RangeError(`at.weekday ${at.weekday} is not the weekday of ${at.date}`);
  assertInt('defaultRateBp', input.defaultRateBp);
  assertInt('levelMultiplierBp', input.levelMultiplierBp);
  assertInt('storeRatioBp', input.storeRatioBp);
  input.windows.forEach(validateWindow);

  // Σ eligible × rate, in fen·bp; excluded lines are skipped before anything else
  let base = 0n;
  let eligible = 0n;
  input.lines.forEach((line, i) => {
    assertInt(`lines[${i}].eligibleFen`, line.eligibleFen);
    if (line.rateBp !== undefined) assertInt(`lines[${i}].rateBp`, line.rateBp);
    if (line.excluded) return;
    eligible += BigInt(line.eligibleFen);
    base += BigInt(line.eligibleFen) * BigInt(line.rateBp ?? input.defaultRateBp);
  });

  const steps = [
    { factor: `level ×${formatBp(input.levelMultiplierBp)}`, bp: input.levelMultiplierBp },
    { factor: `store ×${formatBp(input.storeRatioBp)}`, bp: input.storeRatioBp },
  ];
  const windowsApplied: string[] = [];
  for (const w of input.windows) {
    if (!windowActive(w, at)) continue;
    windowsApplied.push(w.name);
    steps.push({ factor: `${w.name} ×${formatBp(w.multiplierBp)}`, bp: w.multiplierBp });
  }

  // combined multiplier exact as a numerator over 10000^steps; one floor for points, one for display
  const multNum = steps.reduce((acc, s) => acc * BigInt(s.bp), 1n);
  const multDen = BP ** BigInt(steps.length);
  return {
    points: toSafe('points', (base * multNum) / (100n * BP * multDen)),
    eligibleFen: toSafe('eligibleFen', eligible),
    multiplierBp: toSafe('multiplierBp', (multNum * BP) / multDen),
    windowsApplied,
    steps,
  };
}

/** R4 points as cash: value in fen of `points` at `pointsPerYuan` (default 100 points = ¥1 → floor(points × 100 / pointsPerYuan)) and the max points usable on an order of `orderFen` with `maxShareBp` (5000 = 50%): the largest points count whose cash value ≤ floor(orderFen × maxShareBp / 10000), also capped by `available`. */
export function pointsCashValueFen(points: number, pointsPerYuan: number): number {
  assertInt('points', points);
  assertInt('pointsPerYuan', pointsPerYuan, 1);
  return toSafe('cash value', (BigInt(points) * 100n) / BigInt(pointsPerYuan));
}

export function maxRedeemablePoints(orderFen: number, available: number, pointsPerYuan: number, maxShareBp: number): number {
  assertInt('orderFen', orderFen);
  assertInt('available', available);
  assertInt('pointsPerYuan', pointsPerYuan, 1);
  assertInt('maxShareBp', maxShareBp, 0, BP_ONE);
  const capFen = (BigInt(orderFen) * BigInt(maxShareBp)) / BP;
  // floor(p × 100 / ppy) ≤ cap  ⇔  p × 100 < (cap + 1) × ppy  ⇔  p ≤ floor(((cap + 1) × ppy − 1) / 100)
  const byShare = ((capFen + 1n) * BigInt(pointsPerYuan) - 1n) / 100n;
  return byShare < BigInt(available) ? Number(byShare) : available;
}
