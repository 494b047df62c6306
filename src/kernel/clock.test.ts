import { describe, expect, it } from 'vitest';
import { addDays, addMonths, businessDay, isoWeekday, isValidTimeZone, localDateTime, parseTimeOfDay } from './clock';

describe('business day', () => {
  it('counts a 01:30 Shanghai sale before a 04:00 cut-off for the previous day', () => {
    // 2026-11-26 01:30 in Shanghai is 2026-11-25 17:30 UTC
    expect(businessDay(new Date('2026-11-25T17:30:00Z'), 'Asia/Shanghai', 240)).toBe('2026-11-25');
    expect(businessDay(new Date('2026-11-25T20:00:00Z'), 'Asia/Shanghai', 240)).toBe('2026-11-26');
  });

  it('uses the calendar day with a midnight cut-off', () => {
    expect(businessDay(new Date('2026-11-25T16:00:00Z'), 'Asia/Shanghai', 0)).toBe('2026-11-26');
  });

  it('reads local time in the store time zone', () => {
    expect(localDateTime(new Date('2026-11-26T02:00:00Z'), 'Asia/Shanghai')).toEqual({ date: '2026-11-26', minutes: 600 });
    expect(localDateTime(new Date('2026-11-26T02:00:00Z'), 'America/New_York')).toEqual({ date: '2026-11-25', minutes: 21 * 60 });
  });

  it('parses times of day strictly', () => {
    expect(parseTimeOfDay('04:00')).toBe(240);
    expect(parseTimeOfDay('23:59')).toBe(1439);
    expect(parseTimeOfDay('24:00')).toBeNull();
    expect(parseTimeOfDay('4:00')).toBeNull();
  });

  it('adds days across month ends and validates zones', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('adds months keeping the day, or the month’s last day when shorter', () => {
    expect(addMonths('2026-11-26', 1)).toBe('2026-12-26');
    expect(addMonths('2026-11-26', 2)).toBe('2027-01-26');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 12)).toBe('2027-08-31');
  });

  it('gives the ISO weekday of a date (Monday 1 … Sunday 7)', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-26')).toBe(4);
    expect(isoWeekday('2026-11-29')).toBe(7);
  });
});
