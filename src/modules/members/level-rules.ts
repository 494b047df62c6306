import type { LevelBasis } from './members.tables';

export interface LevelRung {
  id: string;
  rank: number;
  upgradeThreshold: number;
}

export interface LifetimeTotals {
  spendFen: number;
  points: number;
  topupFen: number;
}

/** The lifetime figure the merchant's chosen basis ranks members by (RULES R5). Never a balance. */
export function basisValue(basis: LevelBasis, totals: LifetimeTotals): number {
  if (basis === 'points') return totals.points;
  if (basis === 'topup') return totals.topupFen;
  return totals.spendFen;
}

/**
 * The level a member qualifies for: the highest rung whose threshold the basis value reaches;
 * a level set by hand is a floor (RULES R5). Null when no level is defined.
 */
export function qualifyingLevel(levels: readonly LevelRung[], value: number, manualFloorId: string | null): string | null {
  const ladder = [...levels].sort((a, b) => a.rank - b.rank || a.upgradeThreshold - b.upgradeThreshold);
  let earned: LevelRung | null = null;
  for (const rung of ladder) if (value >= rung.upgradeThreshold) earned = rung;
  const floor = manualFloorId ? ladder.find((l) => l.id === manualFloorId) : undefined;
  if (floor && (!earned || floor.rank > earned.rank)) return floor.id;
  return earned?.id ?? null;
}

/** Optional downgrade: a level with a keep threshold is lost when 12-month spend falls below it. */
export function keepsLevel(keepThresholdFen: number | null, spendLast12MonthsFen: number): boolean {
  return keepThresholdFen === null || spendLast12MonthsFen >= keepThresholdFen;
}
