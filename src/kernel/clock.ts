/** The only source of "now" for business code, so tests can fix time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(start: Date | string): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

export interface LocalDateTime {
  date: string; // YYYY-MM-DD
  minutes: number; // minutes since local midnight
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock date and minute-of-day of an instant in an IANA time zone. */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/**
 * The business day an instant belongs to: before the store's cut-off (e.g. 04:00) it still
 * counts as the previous calendar day, so a bar's 01:30 sale lands on the evening it started.
 */
export function businessDay(instant: Date, timeZone: string, cutoffMinutes: number): string {
  const local = localDateTime(instant, timeZone);
  return local.minutes < cutoffMinutes ? addDays(local.date, -1) : local.date;
}

/** ISO weekday of a YYYY-MM-DD date: Monday 1 … Sunday 7. */
export function isoWeekday(isoDate: string): number {
  return ((new Date(`${isoDate}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The same day `months` later, or that month's last day when it is shorter (01-31 + 1 month → 02-28). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

const knownTimeZones = new Set<string>();

/** Whether the IANA zone exists; zones seen valid once are remembered (building a formatter was 2.7% of a checkout). */
export function isValidTimeZone(timeZone: string): boolean {
  if (knownTimeZones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    knownTimeZones.add(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** 'HH:MM' → minutes since midnight; null when malformed. */
export function parseTimeOfDay(value: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function formatTimeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A real calendar date written YYYY-MM-DD (no 2021-02-30), within 1900–2999. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < '1900-01-01' || value > '2999-12-31') return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

export const DAY_MS = 86_400_000;
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at `instantMs`, in ms (seconds included: old LMT offsets are not whole minutes). */
function zoneOffsetMs(instantMs: number, timeZone: string): number {
  let fmt = offsetFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23',
    });
    offsetFormatters.set(timeZone, fmt);
  }
  const p = Object.fromEntries(fmt.formatToParts(instantMs).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(instantMs / 1000) * 1000;
}

/**
 * First instant of the local calendar day `isoDate` in `timeZone`. Usually local 00:00, but when a
 * transition skips midnight (Lima 1990-01-01 jumped 00:00 → 01:00) the day starts at the jump, and
 * when midnight happens twice the earlier one counts. Tries each offset in force near that day and
 * keeps the earliest candidate that already reads as `isoDate` locally.
 */
export function startOfLocalDay(isoDate: string, timeZone: string): Date {
  const wallMs = Date.parse(`${isoDate}T00:00:00Z`);
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((d) => zoneOffsetMs(wallMs + d, timeZone)));
  const candidates = [...offsets].map((o) => wallMs - o).filter((t) => localDateTime(new Date(t), timeZone).date === isoDate);
  if (candidates.length === 0) throw new RangeError(`cannot find the start of ${isoDate} in ${timeZone}`);
  return new Date(Math.min(...candidates));
}
