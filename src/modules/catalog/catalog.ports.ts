import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { FieldDefinition } from '../../kernel/custom-values';

type Exec = Kysely<Database>;

/** Facts of other modules the catalog checks ids against, provided at wiring (server.ts). */
export interface CatalogDirectory {
  existingStoreIds(exec: Exec, merchantId: string, ids: string[]): Promise<string[]>;
  /** member level ids (members module) that exist */
  existingLevelIds(exec: Exec, merchantId: string, ids: string[]): Promise<string[]>;
}

/** Custom field checks for products, provided by the fields module at wiring. */
export interface ProductFieldCheck {
  validate(exec: Exec, merchantId: string, entity: 'product', input: Record<string, unknown>): Promise<Record<string, unknown>>;
  definitions(exec: Exec, merchantId: string, entity: 'product'): Promise<FieldDefinition[]>;
}
