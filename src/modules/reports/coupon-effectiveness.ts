import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { addDays, startOfLocalDay } from '../../kernel/clock';

type Exec = Kysely<Database>;
/** ids per IN list: well under SQLite's bound-parameter limit */
const CHUNK = 500;
const CASH_IN = ['cash', 'bank_card', 'wechat', 'alipay'] as const;

export interface EffectivenessFilter {
  from: string;
  to: string;
  templateId?: string;
  storeId?: string;
  /** the caller's stores; null = every store */
  storeIds: string[] | null;
  timeZone: string;
}

interface Figures {
  issued: number;
  used: number;
  discountFen: number;
  salesFen: number;
  cashInFen: number;
}

async function inChunks<T>(ids: readonly string[], run: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await run(ids.slice(i, i + CHUNK))));
  return out;
}

/**
 * 券效果 per template and channel over a period: coupons issued in it, uses on orders of its
 * business days that still stand (a returned order's use is released), the discount they gave,
 * and the totals and cash, card or e-wallet takings of those orders, less what was returned.
 */
export async function couponEffectiveness(db: Exec, merchantId: string, f: EffectivenessFilter) {
  const stores = f.storeId ? [f.storeId] : f.storeIds;
  const issuedRows = await db
    .selectFrom('coupons')
    .select(['template_id', 'channel', (eb) => eb.fn.countAll<number>().as('n')])
    .where('merchant_id', '=', merchantId)
    .where('issued_at', '>=', startOfLocalDay(f.from, f.timeZone).toISOString())
    .where('issued_at', '<', startOfLocalDay(addDays(f.to, 1), f.timeZone).toISOString())
    .$if(!!f.templateId, (q) => q.where('template_id', '=', f.templateId!))
    .$if(stores !== null, (q) => q.where('issued_store_id', 'in', stores?.length ? stores : ['-']))
    .groupBy(['template_id', 'channel'])
    .execute();
  const uses = await db
    .selectFrom('coupon_uses')
    .innerJoin('coupons', (j) => j.onRef('coupons.merchant_id', '=', 'coupon_uses.merchant_id').onRef('coupons.id', '=', 'coupon_uses.coupon_id'))
    .select(['coupons.template_id', 'coupons.channel', 'coupon_uses.order_id', 'coupon_uses.discount_fen'])
    .where('coupon_uses.merchant_id', '=', merchantId)
    .where('coupon_uses.released_at', 'is', null)
    .where('coupon_uses.business_day', '>=', f.from)
    .where('coupon_uses.business_day', '<=', f.to)
    .$if(!!f.templateId, (q) => q.where('coupons.template_id', '=', f.templateId!))
    .$if(stores !== null, (q) => q.where('coupon_uses.store_id', 'in', stores?.length ? stores : ['-']))
    .execute();
  const orderIds = [...new Set(uses.map((u) => u.order_id))];
  const totals = new Map((await inChunks(orderIds, (part) => db.selectFrom('orders').select(['id', 'total_fen']).where('merchant_id', '=', merchantId).where('id', 'in', part).execute())).map((o) => [o.id, o.total_fen]));
  const cashIn = new Map<string, number>();
  const payments = await inChunks(orderIds, (part) =>
    db.selectFrom('order_payments').select(['order_id', 'amount_fen']).where('merchant_id', '=', merchantId).where('order_id', 'in', part).where('method', 'in', CASH_IN).execute(),
  );
  for (const p of payments) cashIn.set(p.order_id, (cashIn.get(p.order_id) ?? 0) + p.amount_fen);
  // a partly returned order keeps its coupon used: what was returned by the period's end comes off its figures
  const returns = await inChunks(orderIds, (part) =>
    db.selectFrom('order_returns').select(['id', 'order_id', 'goods_fen']).where('merchant_id', '=', merchantId).where('order_id', 'in', part).where('business_day', '<=', f.to).execute(),
  );
  const orderOfReturn = new Map(returns.map((r) => [r.id, r.order_id]));
  for (const r of returns) totals.set(r.order_id, (totals.get(r.order_id) ?? 0) - r.goods_fen);
  const refunds = await inChunks([...orderOfReturn.keys()], (part) =>
    db.selectFrom('order_return_payments').select(['return_id', 'amount_fen']).where('merchant_id', '=', merchantId).where('return_id', 'in', part).where('method', 'in', CASH_IN).execute(),
  );
  for (const r of refunds) {
    const orderId = orderOfReturn.get(r.return_id)!;
    cashIn.set(orderId, (cashIn.get(orderId) ?? 0) - r.amount_fen);
  }

  const groups = new Map<string, Figures & { templateId: string; channel: string; orders: Set<string> }>();
  const group = (templateId: string, channel: string) => {
    const key = `${templateId}|${channel}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { templateId, channel, issued: 0, used: 0, discountFen: 0, salesFen: 0, cashInFen: 0, orders: new Set() }));
    return g;
  };
  for (const r of issuedRows) group(r.template_id, r.channel).issued += Number(r.n);
  for (const u of uses) {
    const g = group(u.template_id, u.channel);
    g.used++;
    g.discountFen += u.discount_fen;
    g.orders.add(u.order_id);
  }
  const names = new Map(
    (await inChunks([...new Set([...groups.values()].map((g) => g.templateId))], (part) => db.selectFrom('coupon_templates').select(['id', 'name']).where('merchant_id', '=', merchantId).where('id', 'in', part).execute())).map((t) => [t.id, t.name]),
  );
  const rows = [...groups.values()].map(({ orders, ...g }) => {
    const salesFen = [...orders].reduce((s, id) => s + (totals.get(id) ?? 0), 0);
    const cashInFen = [...orders].reduce((s, id) => s + (cashIn.get(id) ?? 0), 0);
    return { ...g, templateName: names.get(g.templateId) ?? '', salesFen, cashInFen, useRateBp: useRate(g.used, g.issued) };
  });
  rows.sort((a, b) => a.templateName.localeCompare(b.templateName, 'zh-CN') || a.channel.localeCompare(b.channel));
  // an order that used coupons of two templates counts once in the totals
  const issued = rows.reduce((s, r) => s + r.issued, 0);
  const used = rows.reduce((s, r) => s + r.used, 0);
  return {
    rows,
    totals: {
      issued,
      used,
      useRateBp: useRate(used, issued),
      discountFen: rows.reduce((s, r) => s + r.discountFen, 0),
      salesFen: orderIds.reduce((s, id) => s + (totals.get(id) ?? 0), 0),
      cashInFen: orderIds.reduce((s, id) => s + (cashIn.get(id) ?? 0), 0),
    },
  };
}

/** used / issued in basis points, floored; 0 when nothing was issued in the period */
const useRate = (used: number, issued: number) => (issued === 0 ? 0 : Math.floor((used * 10_000) / issued));
