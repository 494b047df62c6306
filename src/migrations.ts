import type { Migration } from 'kysely';
import * as orgInit from './modules/org/migrations/2026112601_org_init';
import * as staffInit from './modules/staff/migrations/2026112602_staff_init';
import * as platformInit from './platform/migrations/2026112603_platform_init';
import * as fieldsInit from './modules/fields/migrations/2026112604_fields_init';
import * as membersInit from './modules/members/migrations/2026112605_members_init';
import * as memberImports from './modules/members/migrations/2026112606_member_imports';
import * as docCounters from './platform/migrations/2026112620_doc_counters';
import * as walletInit from './modules/wallet/migrations/2026112621_wallet_init';
import * as catalogInit from './modules/catalog/migrations/2026112630_catalog_init';
import * as ordersInit from './modules/orders/migrations/2026112640_orders_init';
import * as couponsInit from './modules/coupons/migrations/2026112650_coupons_init';
import * as giftsInit from './modules/gifts/migrations/2026112660_gifts_init';
import * as memberCardsMemberIdx from './modules/members/migrations/2026112670_member_cards_member_idx';
import * as giftRedemptionStockTaken from './modules/gifts/migrations/2026112780_gift_redemption_stock_taken';
import * as messagesInit from './modules/messages/migrations/2026112610_messages_init';

/** Every module's migrations; names sort in the order they must run. */
export const migrations: Record<string, Migration> = {
  '2026112601_org_init': orgInit,
  '2026112602_staff_init': staffInit,
  '2026112603_platform_init': platformInit,
  '2026112604_fields_init': fieldsInit,
  '2026112605_members_init': membersInit,
  '2026112606_member_imports': memberImports,
  '2026112610_messages_init': messagesInit,
  '2026112620_doc_counters': docCounters,
  '2026112621_wallet_init': walletInit,
  '2026112630_catalog_init': catalogInit,
  '2026112640_orders_init': ordersInit,
  '2026112650_coupons_init': couponsInit,
  '2026112660_gifts_init': giftsInit,
  '2026112670_member_cards_member_idx': memberCardsMemberIdx,
  '2026112780_gift_redemption_stock_taken': giftRedemptionStockTaken,
};
