import type { Kysely } from 'kysely';

/**
 * A member's cards by (merchant, member). SQLite cannot use the partial live-card index when the
 * statuses come as bound parameters, so every card read scanned member_cards: 150 ms per lookup
 * among 1,000,000 members, paid by every checkout too (docs/performance.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('member_cards_member_idx').on('member_cards').columns(['merchant_id', 'member_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('member_cards_member_idx').execute();
}
