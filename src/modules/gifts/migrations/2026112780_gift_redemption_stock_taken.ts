import { sql, type Kysely } from 'kysely';

/**
 * How many of the gift a redemption took from stock: a gift without a stock count takes none, and
 * a void gives back only what was taken, even if the gift has been given a stock count since.
 * Earlier redemptions keep the old behaviour (their quantity comes back while stock is counted).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('gift_redemptions').addColumn('stock_taken', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await sql`UPDATE gift_redemptions SET stock_taken = quantity`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('gift_redemptions').dropColumn('stock_taken').execute();
}
