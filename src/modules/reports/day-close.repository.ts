import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { ORDER_KINDS, PRODUCT_KINDS, TENDER_METHODS } from './reports.schemas';

type Exec = Kysely<Database>;

/** One store's business day, optionally narrowed to a till and/or a cashier (交班). */
export interface DayFilter {
  merchantId: string;
  storeId: string;
  day: string;
  tillId?: string;
  staffId?: string;
}

type Method = (typeof TENDER_METHODS)[number];
const MONEY_METHODS: readonly Method[] = ['cash', 'bank_card', 'wechat', 'alipay'];

/** Σ of an integer column as bigint, 0 when there are no rows (the db layer parses int8 on PostgreSQL). */
const total = (column: string) => sql<number>`cast(coalesce(sum(${sql.ref(column)}), 0) as bigint)`;
const rows = sql<number>`cast(count(*) as bigint)`;

/**
 * The till a return or 退卡 was made at. Those documents do not carry it; the audit row written
 * in the same transaction (same instant, same entity) does.
 */
function auditTill(actions: string[], entityType: string, entityId: string, at: string, merchant: string) {
  return sql<string | null>`(select max(a.till_id) from audit_log a where a.merchant_id = ${sql.ref(merchant)} and a.entity_type = ${entityType} and a.entity_id = ${sql.ref(entityId)} and a.action in (${sql.join(actions)}) and a.at = ${sql.ref(at)})`;
}

/** Reports read the tables of several modules through SQL only (ARCHITECTURE); every figure is an integer in fen or points. */
export const dayCloseRepository = {
  store(db: Exec, merchantId: string, storeId: string) {
    return db.selectFrom('stores').select(['id', 'name', 'time_zone', 'business_day_cutoff_minutes']).where('merchant_id', '=', merchantId).where('id', '=', storeId).executeTakeFirst();
  },

  // ---- sales (orders) ---------------------------------------------------------------------------

  orders(db: Exec, f: DayFilter) {
    let q = db.selectFrom('orders as o').where('o.merchant_id', '=', f.merchantId).where('o.store_id', '=', f.storeId).where('o.business_day', '=', f.day);
    if (f.tillId) q = q.where('o.till_id', '=', f.tillId);
    if (f.staffId) q = q.where('o.staff_id', '=', f.staffId);
    return q;
  },

  salesTotals(db: Exec, f: DayFilter) {
    return this.orders(db, f)
      .select([
        rows.as('count'),
        total('o.subtotal_fen').as('subtotal_fen'),
        total('o.member_discount_fen').as('member_discount_fen'),
        total('o.manual_discount_fen').as('manual_discount_fen'),
        total('o.order_discount_fen').as('order_discount_fen'),
        total('o.coupon_discount_fen').as('coupon_discount_fen'),
        total('o.rounding_fen').as('rounding_fen'),
        total('o.total_fen').as('total_fen'),
        total('o.points_earned').as('points_earned'),
      ])
      .executeTakeFirstOrThrow();
  },

  salesByOrderKind(db: Exec, f: DayFilter) {
    return this.orders(db, f).select(['o.kind', rows.as('count'), total('o.total_fen').as('total_fen')]).groupBy('o.kind').execute();
  },

  salesByMethod(db: Exec, f: DayFilter) {
    return this.orders(db, f)
      .innerJoin('order_payments as p', (j) => j.onRef('p.merchant_id', '=', 'o.merchant_id').onRef('p.order_id', '=', 'o.id'))
      .select([
        'p.method',
        sql<number>`cast(count(distinct p.order_id) as bigint)`.as('count'),
        total('p.amount_fen').as('amount_fen'),
        total('p.points').as('points'),
        total('p.change_fen').as('change_fen'),
        sql<number>`cast(coalesce(sum(coalesce(p.received_fen, p.amount_fen)), 0) as bigint)`.as('received_fen'),
      ])
      .groupBy('p.method')
      .execute();
  },

  salesByProductKind(db: Exec, f: DayFilter) {
    return this.orders(db, f)
      .innerJoin('order_lines as l', (j) => j.onRef('l.merchant_id', '=', 'o.merchant_id').onRef('l.order_id', '=', 'o.id'))
      .select(['l.product_kind', rows.as('line_count'), total('l.quantity').as('quantity'), total('l.amount_fen').as('amount_fen')])
      .groupBy('l.product_kind')
      .execute();
  },

  // ---- returns and voids (order_returns), counted where and when they were made -----------------

  returns(db: Exec, f: DayFilter) {
    let q = db.selectFrom('order_returns as r').where('r.merchant_id', '=', f.merchantId).where('r.store_id', '=', f.storeId).where('r.business_day', '=', f.day);
    if (f.tillId) {
      q = q.where(auditTill(['order.return', 'order.void', 'order.restore'], 'order', 'r.order_id', 'r.created_at', 'r.merchant_id'), '=', f.tillId);
    }
    if (f.staffId) q = q.where('r.staff_id', '=', f.staffId);
    return q;
  },

  returnsByKind(db: Exec, f: DayFilter) {
    return this.returns(db, f)
      .select([
        'r.kind',
        rows.as('count'),
        total('r.goods_fen').as('goods_fen'),
        total('r.refund_fen').as('refund_fen'),
        total('r.shortfall_fen').as('shortfall_fen'),
        total('r.shortfall_points').as('shortfall_points'),
        total('r.points_returned').as('points_returned'),
        total('r.points_clawback').as('points_clawback'),
      ])
      .groupBy('r.kind')
      .execute();
  },

  returnsByMethod(db: Exec, f: DayFilter) {
    return this.returns(db, f)
      .innerJoin('order_return_payments as p', (j) => j.onRef('p.merchant_id', '=', 'r.merchant_id').onRef('p.return_id', '=', 'r.id'))
      .select(['p.method', total('p.amount_fen').as('amount_fen'), total('p.points').as('points')])
      .groupBy('p.method')
      .execute();
  },

  returnsByOrderKind(db: Exec, f: DayFilter) {
    return this.returns(db, f)
      .innerJoin('orders as o', (j) => j.onRef('o.merchant_id', '=', 'r.merchant_id').onRef('o.id', '=', 'r.order_id'))
      // a restore is not a return: its negated amounts net off the void it undoes
      .select(['o.kind', sql<number>`cast(coalesce(sum(case when r.kind = 'restore' then 0 else 1 end), 0) as bigint)`.as('count'), total('r.goods_fen').as('goods_fen'), total('r.refund_fen').as('refund_fen')])
      .groupBy('o.kind')
      .execute();
  },

  returnsByProductKind(db: Exec, f: DayFilter) {
    return this.returns(db, f)
      .innerJoin('order_return_lines as rl', (j) => j.onRef('rl.merchant_id', '=', 'r.merchant_id').onRef('rl.return_id', '=', 'r.id'))
      .innerJoin('order_lines as l', (j) => j.onRef('l.merchant_id', '=', 'r.merchant_id').onRef('l.order_id', '=', 'r.order_id').onRef('l.seq', '=', 'rl.line_seq'))
      .select(['l.product_kind', total('rl.quantity').as('quantity'), total('rl.amount_fen').as('amount_fen')])
      .groupBy('l.product_kind')
      .execute();
  },

  // ---- wallet documents -------------------------------------------------------------------------

  /** Completed top-ups of the day; their tenders are a JSON list, summed by the caller. */
  completedTopups(db: Exec, f: DayFilter) {
    let q = db
      .selectFrom('topups as t')
      .select(['t.principal_fen', 't.bonus_fen', 't.points', 't.tenders'])
      .where('t.merchant_id', '=', f.merchantId)
      .where('t.store_id', '=', f.storeId)
      .where('t.business_day', '=', f.day)
      .where('t.status', '=', 'completed');
    if (f.tillId) q = q.where('t.till_id', '=', f.tillId);
    if (f.staffId) q = q.where('t.created_by', '=', f.staffId);
    return q.execute();
  },

  /** 退卡 of the day: the document has no business day of its own, its ledger transaction has. */
  cardRefundsByMethod(db: Exec, f: DayFilter) {
    let q = db
      .selectFrom('card_refunds as c')
      .innerJoin('ledger_txns as t', (j) => j.onRef('t.merchant_id', '=', 'c.merchant_id').onRef('t.id', '=', 'c.txn_id'))
      .where('c.merchant_id', '=', f.merchantId)
      .where('c.store_id', '=', f.storeId)
      .where('t.business_day', '=', f.day);
    if (f.tillId) {
      q = q.where(auditTill(['wallet.card_refund'], 'member', 'c.member_id', 'c.created_at', 'c.merchant_id'), '=', f.tillId);
    }
    if (f.staffId) q = q.where('c.created_by', '=', f.staffId);
    return q.select(['c.method', rows.as('count'), total('c.refund_fen').as('refund_fen'), total('c.forfeited_bonus_fen').as('forfeited_bonus_fen')]).groupBy('c.method').execute();
  },

  // ---- who and where, for the hand-over pickers -------------------------------------------------

  async shiftOptions(db: Exec, merchantId: string, storeId: string, day: string) {
    const [tills, orderStaff, returnStaff, topupStaff, refundStaff] = await Promise.all([
      db.selectFrom('tills').select(['id', 'code', 'name']).where('merchant_id', '=', merchantId).where('store_id', '=', storeId).orderBy('code').execute(),
      db.selectFrom('orders').select(['staff_id as id', 'staff_name as name']).distinct().where('merchant_id', '=', merchantId).where('store_id', '=', storeId).where('business_day', '=', day).where('staff_id', 'is not', null).execute(),
      db.selectFrom('order_returns').select(['staff_id as id', 'staff_name as name']).distinct().where('merchant_id', '=', merchantId).where('store_id', '=', storeId).where('business_day', '=', day).where('staff_id', 'is not', null).execute(),
      db.selectFrom('topups').select(['created_by as id', 'created_by_name as name']).distinct().where('merchant_id', '=', merchantId).where('store_id', '=', storeId).where('business_day', '=', day).where('created_by', 'is not', null).execute(),
      db
        .selectFrom('card_refunds as c')
        .innerJoin('ledger_txns as t', (j) => j.onRef('t.merchant_id', '=', 'c.merchant_id').onRef('t.id', '=', 'c.txn_id'))
        .innerJoin('staff as s', (j) => j.onRef('s.merchant_id', '=', 'c.merchant_id').onRef('s.id', '=', 'c.created_by'))
        .select(['s.id', 's.name'])
        .distinct()
        .where('c.merchant_id', '=', merchantId)
        .where('c.store_id', '=', storeId)
        .where('t.business_day', '=', day)
        .execute(),
    ]);
    const staff = new Map<string, string>();
    for (const s of [...orderStaff, ...returnStaff, ...topupStaff, ...refundStaff]) if (s.id && !staff.has(s.id)) staff.set(s.id, s.name);
    return { tills, staff: [...staff].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)) };
  },
};

// ---- the figures --------------------------------------------------------------------------------

type Tender = { method: Method; amountFen: number };

/** Tender lines for all six methods (zeros included) and the drawer, from the documents of one filter. */
async function tenderFigures(db: Exec, f: DayFilter) {
  const repo = dayCloseRepository;
  const [sales, refunds, topups, cardRefunds] = await Promise.all([repo.salesByMethod(db, f), repo.returnsByMethod(db, f), repo.completedTopups(db, f), repo.cardRefundsByMethod(db, f)]);
  const topupBy = new Map<string, number>();
  for (const t of topups) for (const td of JSON.parse(t.tenders) as Tender[]) topupBy.set(td.method, (topupBy.get(td.method) ?? 0) + td.amountFen);
  const tenders = TENDER_METHODS.map((method) => {
    const s = sales.find((x) => x.method === method);
    const r = refunds.find((x) => x.method === method);
    const salesFen = s?.amount_fen ?? 0;
    const refundFen = r?.amount_fen ?? 0;
    const topupFen = topupBy.get(method) ?? 0;
    const cardRefundFen = cardRefunds.filter((c) => c.method === method).reduce((n, c) => n + c.refund_fen, 0);
    return {
      method,
      salesCount: s?.count ?? 0,
      salesFen,
      refundFen,
      topupFen,
      cardRefundFen,
      salesNetFen: salesFen - refundFen,
      netFen: salesFen - refundFen + topupFen - cardRefundFen,
      salesPoints: s?.points ?? 0,
      refundPoints: r?.points ?? 0,
    };
  });
  const sum = (pick: (t: (typeof tenders)[number]) => number, only?: readonly Method[]) => tenders.filter((t) => !only || only.includes(t.method)).reduce((n, t) => n + pick(t), 0);
  const cashLine = tenders.find((t) => t.method === 'cash')!;
  const cashSales = sales.find((x) => x.method === 'cash');
  return {
    tenders,
    tenderTotals: {
      salesFen: sum((t) => t.salesFen),
      refundFen: sum((t) => t.refundFen),
      topupFen: sum((t) => t.topupFen),
      cardRefundFen: sum((t) => t.cardRefundFen),
      salesNetFen: sum((t) => t.salesNetFen),
      netFen: sum((t) => t.netFen),
      moneyNetFen: sum((t) => t.netFen, MONEY_METHODS),
    },
    cash: {
      receivedFen: cashSales?.received_fen ?? 0,
      changeFen: cashSales?.change_fen ?? 0,
      salesFen: cashLine.salesFen,
      refundFen: cashLine.refundFen,
      topupFen: cashLine.topupFen,
      cardRefundFen: cashLine.cardRefundFen,
      expectedFen: cashLine.netFen,
    },
    topups: {
      count: topups.length,
      principalFen: topups.reduce((n, t) => n + t.principal_fen, 0),
      bonusFen: topups.reduce((n, t) => n + t.bonus_fen, 0),
      points: topups.reduce((n, t) => n + t.points, 0),
    },
    cardRefunds: {
      count: cardRefunds.reduce((n, c) => n + c.count, 0),
      refundFen: cardRefunds.reduce((n, c) => n + c.refund_fen, 0),
      forfeitedBonusFen: cardRefunds.reduce((n, c) => n + c.forfeited_bonus_fen, 0),
    },
  };
}

/** The kinds always shown, then any other kind the documents hold, so the rows always add up to the totals. */
function kindsOf(known: readonly string[], found: string[]): string[] {
  return [...known, ...[...new Set(found)].filter((k) => !known.includes(k)).sort()];
}

/** 日结: everything a store did on one business day. */
export async function dayCloseFigures(db: Exec, f: DayFilter) {
  const repo = dayCloseRepository;
  const [sales, orderKinds, productKinds, returnKinds, returnOrderKinds, returnProductKinds, money] = await Promise.all([
    repo.salesTotals(db, f),
    repo.salesByOrderKind(db, f),
    repo.salesByProductKind(db, f),
    repo.returnsByKind(db, f),
    repo.returnsByOrderKind(db, f),
    repo.returnsByProductKind(db, f),
    tenderFigures(db, f),
  ]);
  const ret = (pick: (r: (typeof returnKinds)[number]) => number) => returnKinds.reduce((n, r) => n + pick(r), 0);
  const countOf = (kind: string) => returnKinds.find((r) => r.kind === kind)?.count ?? 0;
  const returns = {
    count: countOf('return') + countOf('void'),
    returnCount: countOf('return'),
    voidCount: countOf('void'),
    restoreCount: countOf('restore'),
    goodsFen: ret((r) => r.goods_fen),
    refundFen: ret((r) => r.refund_fen),
    shortfallFen: ret((r) => r.shortfall_fen),
    shortfallPoints: ret((r) => r.shortfall_points),
  };
  const pointsTender = money.tenders.find((t) => t.method === 'points')!;
  return {
    sales: {
      count: sales.count,
      subtotalFen: sales.subtotal_fen,
      memberDiscountFen: sales.member_discount_fen,
      manualDiscountFen: sales.manual_discount_fen,
      orderDiscountFen: sales.order_discount_fen,
      couponDiscountFen: sales.coupon_discount_fen,
      roundingFen: sales.rounding_fen,
      totalFen: sales.total_fen,
    },
    returns,
    netSalesFen: sales.total_fen - returns.refundFen,
    ...money,
    points: {
      earned: sales.points_earned,
      spent: pointsTender.salesPoints,
      returned: ret((r) => r.points_returned),
      clawedBack: ret((r) => r.points_clawback),
      topupAwarded: money.topups.points,
    },
    orderKinds: kindsOf(ORDER_KINDS, [...orderKinds, ...returnOrderKinds].map((x) => x.kind)).map((kind) => {
      const s = orderKinds.find((x) => x.kind === kind);
      const r = returnOrderKinds.find((x) => x.kind === kind);
      const totalFen = s?.total_fen ?? 0;
      const refundFen = r?.refund_fen ?? 0;
      return { kind, count: s?.count ?? 0, totalFen, returnCount: r?.count ?? 0, returnedGoodsFen: r?.goods_fen ?? 0, refundFen, netFen: totalFen - refundFen };
    }),
    productKinds: kindsOf(PRODUCT_KINDS, [...productKinds, ...returnProductKinds].map((x) => x.product_kind)).map((kind) => {
      const s = productKinds.find((x) => x.product_kind === kind);
      const r = returnProductKinds.find((x) => x.product_kind === kind);
      const amountFen = s?.amount_fen ?? 0;
      const returnedFen = r?.amount_fen ?? 0;
      return { kind, lineCount: s?.line_count ?? 0, quantity: s?.quantity ?? 0, amountFen, returnedQuantity: r?.quantity ?? 0, returnedFen, netFen: amountFen - returnedFen };
    }),
  };
}

/** 交班: the money side of one till and/or cashier's day. */
export async function shiftFigures(db: Exec, f: DayFilter) {
  const repo = dayCloseRepository;
  const [sales, returnKinds, money] = await Promise.all([repo.salesTotals(db, f), repo.returnsByKind(db, f), tenderFigures(db, f)]);
  return {
    sales: { count: sales.count, totalFen: sales.total_fen },
    returns: {
      count: returnKinds.reduce((n, r) => n + (r.kind === 'restore' ? 0 : r.count), 0),
      restoreCount: returnKinds.find((r) => r.kind === 'restore')?.count ?? 0,
      goodsFen: returnKinds.reduce((n, r) => n + r.goods_fen, 0),
      refundFen: returnKinds.reduce((n, r) => n + r.refund_fen, 0),
    },
    ...money,
  };
}
