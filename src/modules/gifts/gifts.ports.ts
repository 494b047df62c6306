import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Exec = Kysely<Database>;

/** Facts of other modules the gift catalog checks ids against, provided at wiring (server.ts). */
export interface GiftsDirectory {
  existingStoreIds(exec: Exec, merchantId: string, ids: string[]): Promise<string[]>;
  /** member level ids (members module) that exist */
  existingLevelIds(exec: Exec, merchantId: string, ids: string[]): Promise<string[]>;
  /** a product of the catalog, for a uses gift's service item */
  product(exec: Exec, merchantId: string, id: string): Promise<{ id: string; kind: string; status: string } | null>;
  /** a coupon template (coupons module), for a coupon gift */
  couponTemplate(exec: Exec, merchantId: string, id: string): Promise<{ id: string; status: string } | null>;
}
