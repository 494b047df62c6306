import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Exec = Kysely<Database>;

/** Custom field checks, provided by the fields module at wiring. */
export interface CustomFieldCheck {
  validate(exec: Exec, merchantId: string, entity: 'member', input: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** Store facts the members module needs, provided by the organisation module at wiring. */
export interface StoreFacts {
  existingStoreIds(exec: Exec, merchantId: string, ids: string[]): Promise<string[]>;
}
