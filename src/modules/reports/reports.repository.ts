import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { containsText, pageOffset } from '../../db/sql-helpers';

type Exec = Kysely<Database>;

export interface BalanceFilter {
  storeIds: string[] | null;
  storeId?: string;
  q?: string;
  minStoredValueFen?: number;
  maxStoredValueFen?: number;
  minPoints?: number;
  maxPoints?: number;
}

const SORT = { storedValueFen: 'stored_value_fen', principalFen: 'principal_fen', bonusFen: 'bonus_fen', points: 'points', name: 'name' } as const;
export type BalanceSort = keyof typeof SORT;

/** Reports read the tables of several modules through SQL only (ARCHITECTURE). Sums are cast to bigint so the db layer parses them like any int8. */
export const reportsRepository = {
  /** Members with their wallet balances, and the totals over the whole filter (the outstanding liability). */
  async memberBalances(db: Exec, merchantId: string, f: BalanceFilter, page: { page: number; pageSize: number; sort: BalanceSort; order: 'asc' | 'desc' }) {
    const balances = db
      .selectFrom('ledger_accounts')
      .select([
        'member_id',
        sql<number>`cast(sum(case when kind = 'sv_principal' then balance else 0 end) as bigint)`.as('principal_fen'),
        sql<number>`cast(sum(case when kind = 'sv_bonus' then balance else 0 end) as bigint)`.as('bonus_fen'),
        sql<number>`cast(sum(case when kind = 'points' then balance else 0 end) as bigint)`.as('points'),
      ])
      .where('merchant_id', '=', merchantId)
      .where('member_id', 'is not', null)
      .groupBy('member_id');
    let q = db
      .selectFrom('members as m')
      .leftJoin(balances.as('b'), 'b.member_id', 'm.id')
      .leftJoin('stores as s', (j) => j.onRef('s.merchant_id', '=', 'm.merchant_id').onRef('s.id', '=', 'm.home_store_id'))
      .leftJoin('member_cards as c', (j) => j.onRef('c.merchant_id', '=', 'm.merchant_id').onRef('c.member_id', '=', 'm.id').on('c.status', 'in', ['active', 'lost', 'frozen', 'expired']))
      // erased members stay: their stored value is still owed to them
      .where('m.merchant_id', '=', merchantId);
    if (f.storeIds) q = q.where('m.home_store_id', 'in', f.storeIds.length ? f.storeIds : ['-']);
    if (f.storeId) q = q.where('m.home_store_id', '=', f.storeId);
    if (f.q) q = q.where((eb) => eb.or([eb('m.phone', '=', f.q!), containsText(eb.ref('m.name'), f.q!), eb('c.card_no', '=', f.q!)]));
    const stored = sql<number>`coalesce(b.principal_fen, 0) + coalesce(b.bonus_fen, 0)`;
    const pts = sql<number>`coalesce(b.points, 0)`;
    if (f.minStoredValueFen !== undefined) q = q.where(stored, '>=', f.minStoredValueFen);
    if (f.maxStoredValueFen !== undefined) q = q.where(stored, '<=', f.maxStoredValueFen);
    if (f.minPoints !== undefined) q = q.where(pts, '>=', f.minPoints);
    if (f.maxPoints !== undefined) q = q.where(pts, '<=', f.maxPoints);
    const [rows, totals] = await Promise.all([
      q
        .select([
          'm.id',
          'm.name',
          'm.phone',
          'm.home_store_id',
          's.name as store_name',
          'c.card_no',
          sql<number>`coalesce(b.principal_fen, 0)`.as('principal_fen'),
          sql<number>`coalesce(b.bonus_fen, 0)`.as('bonus_fen'),
          stored.as('stored_value_fen'),
          pts.as('points'),
        ])
        .orderBy(sql.ref(SORT[page.sort]), page.order)
        .orderBy('m.id')
        .limit(page.pageSize)
        .offset(pageOffset(page))
        .execute(),
      q
        .select([
          (eb) => eb.fn.countAll<number>().as('n'),
          sql<number>`cast(coalesce(sum(b.principal_fen), 0) as bigint)`.as('principal_fen'),
          sql<number>`cast(coalesce(sum(b.bonus_fen), 0) as bigint)`.as('bonus_fen'),
          sql<number>`cast(coalesce(sum(b.points), 0) as bigint)`.as('points'),
        ])
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, totals };
  },
};
