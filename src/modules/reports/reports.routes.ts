import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { maskPhone } from '../../kernel/masking';
import { accessOf } from '../../platform/http';
import { hasPermission, storeScope } from '../../platform/access';
import type { App } from '../../platform/route-types';
import { reportsRepository as repo } from './reports.repository';
import { memberBalancesPage, memberBalancesQuery } from './reports.schemas';

export function reportsRoutes(app: App, db: Kysely<Database>): void {
  const tags = ['reports'];
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
}
