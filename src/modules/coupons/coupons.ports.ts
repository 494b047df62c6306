import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Exec = Kysely<Database>;

/** What coupons need from other modules, wired in server.ts: checks that scoped ids exist, and member names for lists. */
export interface CouponDirectory {
  existingStoreIds(exec: Exec, merchantId: string, ids: string[]): Promise<string[]>;
  existingLevelIds(exec: Exec, merchantId: string, ids: string[]): Promise<string[]>;
  existingProductIds(exec: Exec, merchantId: string, ids: string[]): Promise<string[]>;
  existingCategoryIds(exec: Exec, merchantId: string, ids: string[]): Promise<string[]>;
  memberNames(exec: Exec, merchantId: string, ids: string[]): Promise<Map<string, string>>;
  /** whether the member's home store is one of these */
  memberInStores(exec: Exec, merchantId: string, memberId: string, storeIds: string[]): Promise<boolean>;
  /** each category's parent (null at the top), so a coupon for a category covers its subcategories */
  categoryParents(exec: Exec, merchantId: string, ids: string[]): Promise<Map<string, string | null>>;
}
