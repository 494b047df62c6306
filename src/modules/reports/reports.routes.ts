import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { maskPhone } from '../../kernel/masking';
import { accessOf } from '../../platform/http';
import { businessDay, type Clock } from '../../kernel/clock';
import { AppError } from '../../kernel/errors';
import type { AccessContext } from '../../platform/context';
import { hasPermission, requireStoreAccess, storeScope } from '../../platform/access';
import type { App } from '../../platform/route-types';
import { reportsRepository as repo } from './reports.repository';
import { dayCloseFigures, dayCloseRepository, shiftFigures } from './day-close.repository';
import { couponEffectiveness } from './coupon-effectiveness';
import { couponEffectivenessQuery, couponEffectivenessReport, dayCloseQuery, dayCloseReport, memberBalancesPage, memberBalancesQuery, shiftOptions, shiftOptionsQuery, shiftQuery, shiftReport } from './reports.schemas';

/**
 * A store the caller may see (outside their stores is 403 AUTH_STORE_FORBIDDEN, an unknown one
 * 404) and the business day asked for, by default the store's current one.
 */
async function storeDay(db: Kysely<Database>, clock: Clock, ctx: AccessContext, storeId: string, day: string | undefined) {
  requireStoreAccess(ctx, storeId);
  const store = await dayCloseRepository.store(db, ctx.merchantId, storeId);
  if (!store) throw new AppError('ORG_STORE_NOT_FOUND', { field: 'storeId' });
  return { store, day: day ?? businessDay(clock.now(), store.time_zone, store.business_day_cutoff_minutes) };
}

export function reportsRoutes(app: App, db: Kysely<Database>, clock: Clock, defaultTimeZone: string): void {
  const tags = ['reports'];
  app.get('/api/reports/coupon-effectiveness', {
    config: { permission: 'coupons.view' },
    schema: { tags, summary: 'Coupon effectiveness (券效果) per template and channel: issued, used, use rate, discount, sales and cash taken by the orders that used one', querystring: couponEffectivenessQuery, response: { 200: couponEffectivenessReport } },
  }, async (req) => {
    const ctx = accessOf(req);
    if (req.query.storeId) requireStoreAccess(ctx, req.query.storeId);
    if (req.query.from > req.query.to) throw new AppError('VALIDATION_FAILED', { field: 'to' });
    return couponEffectiveness(db, ctx.merchantId, { ...req.query, storeIds: storeScope(ctx), timeZone: defaultTimeZone });
  });
  app.get('/api/reports/member-balances', { config: { permission: 'wallet.view' }, schema: { tags, summary: 'Members’ stored value and points with totals (储值余额表), in the caller’s stores', querystring: memberBalancesQuery, response: { 200: memberBalancesPage } } }, async (req) => {
    const ctx = accessOf(req);
    const { page, pageSize, sort, order, ...filter } = req.query;
    const { rows, totals } = await repo.memberBalances(db, ctx.merchantId, { ...filter, storeIds: storeScope(ctx) }, { page, pageSize, sort, order });
    const masked = !hasPermission(ctx, 'members.view_phone');
    return {
      items: rows.map((r) => ({
        memberId: r.id,
        name: r.name,
        phone: masked ? maskPhone(r.phone) : r.phone,
        homeStoreId: r.home_store_id,
        storeName: r.store_name,
        cardNo: r.card_no,
        principalFen: r.principal_fen,
        bonusFen: r.bonus_fen,
        storedValueFen: r.stored_value_fen,
        points: r.points,
      })),
      total: totals.n,
      page,
      pageSize,
      totals: { members: totals.n, principalFen: totals.principal_fen, bonusFen: totals.bonus_fen, points: totals.points },
    };
  });

  app.get('/api/reports/day-close', { config: { permission: 'orders.view' }, schema: { tags, summary: 'Day close (日结): a store’s sales, returns, tenders, top-ups, points and kinds on one business day', querystring: dayCloseQuery, response: { 200: dayCloseReport } } }, async (req) => {
    const ctx = accessOf(req);
    const { store, day } = await storeDay(db, clock, ctx, req.query.storeId, req.query.day);
    const figures = await dayCloseFigures(db, { merchantId: ctx.merchantId, storeId: store.id, day });
    return { storeId: store.id, storeName: store.name, day, ...figures };
  });

  app.get('/api/reports/shift', { config: { permission: 'orders.view' }, schema: { tags, summary: 'Shift hand-over (交班): the tenders and cash drawer of one till and/or cashier on a business day', querystring: shiftQuery, response: { 200: shiftReport } } }, async (req) => {
    const ctx = accessOf(req);
    const { tillId, staffId } = req.query;
    const { store, day } = await storeDay(db, clock, ctx, req.query.storeId, req.query.day);
    const figures = await shiftFigures(db, { merchantId: ctx.merchantId, storeId: store.id, day, tillId, staffId });
    return { storeId: store.id, storeName: store.name, day, tillId: tillId ?? null, staffId: staffId ?? null, ...figures };
  });

  app.get('/api/reports/shift/options', { config: { permission: 'orders.view' }, schema: { tags, summary: 'The tills of a store and the staff who wrote documents there on a business day, for the hand-over pickers', querystring: shiftOptionsQuery, response: { 200: shiftOptions } } }, async (req) => {
    const ctx = accessOf(req);
    const { store, day } = await storeDay(db, clock, ctx, req.query.storeId, req.query.day);
    return { day, ...(await dayCloseRepository.shiftOptions(db, ctx.merchantId, store.id, day)) };
  });
}
