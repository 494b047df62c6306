import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { FieldDefinition } from '../../kernel/custom-values';

type Exec = Kysely<Database>;

/** Custom field checks, provided by the fields module at wiring. */
export interface CustomFieldCheck {
  validate(exec: Exec, merchantId: string, entity: 'member', input: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** active definitions, for checking many rows at once (imports) */
  definitions(exec: Exec, merchantId: string, entity: 'member'): Promise<FieldDefinition[]>;
}

/** Store facts the members module needs, provided by the organisation module at wiring. */
export interface StoreFacts {
  existingStoreIds(exec: Exec, merchantId: string, ids: string[]): Promise<string[]>;
}
