import type { BenchApi } from './api';

export const BENCH_MERCHANT = 'bench';
export const BENCH_ADMIN = { username: 'admin', password: 'Bench#2026' };
/** the price of the one product every bench checkout buys; the member pays it all with stored value */
export const PRICE_FEN = 1_000;

export interface Shop {
  storeId: string;
  cardTypeId: string;
  productId: string;
  memberIds: string[];
}

/**
 * Through the API, as a merchant would: a store (selected as the session's store), a card
 * type, one product, and `members` members with a card each and `topupFen` of stored value.
 */
export async function seedShop(api: BenchApi, members: number, topupFen: number): Promise<Shop> {
  const store = await api.ok<{ id: string }>('/api/stores', { code: 'B1', name: '压测门店', kind: 'direct', topupApprovalThresholdFen: 0 });
  await api.ok('/api/auth/switch-store', { storeId: store.id });
  const cardType = await api.ok<{ id: string }>('/api/card-types', { code: 'bench', name: '会员卡', validityKind: 'permanent' });
  const product = await api.ok<{ id: string }>('/api/products', { code: 'BP1', name: '美式咖啡', kind: 'goods', listPriceFen: PRICE_FEN, memberDiscountAllowed: false });
  const memberIds: string[] = [];
  for (let i = 0; i < members; i++) {
    const m = await api.ok<{ id: string }>('/api/members', { name: `压测${i}`, phone: `188${String(i).padStart(8, '0')}`, homeStoreId: store.id, card: { cardTypeId: cardType.id } });
    await api.ok('/api/topups', { memberId: m.id, amountFen: topupFen, tenders: [{ method: 'cash', amountFen: topupFen }] });
    memberIds.push(m.id);
  }
  return { storeId: store.id, cardTypeId: cardType.id, productId: product.id, memberIds };
}

/** The body of one member checkout: one product, paid all with stored value (points are earned on it). */
export function checkoutBody(shop: Shop, memberId: string) {
  return { memberId, lines: [{ productId: shop.productId, quantity: 1 }], payments: [{ method: 'stored_value', amountFen: PRICE_FEN }] };
}
