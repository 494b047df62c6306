import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema';

/**
 * The ledger's invariants (ARCHITECTURE "The ledger"), checked straight on the tables. Returns
 * a list of what is broken; an empty list means everything holds.
 */
export async function ledgerProblems(db: Kysely<Database>, merchantId: string): Promise<string[]> {
  const problems: string[] = [];
  const sums = await db
    .selectFrom('ledger_entries')
    .select(['asset', sql<number>`sum(amount)`.as('total')])
    .where('merchant_id', '=', merchantId)
    .groupBy('asset')
    .execute();
  for (const s of sums) if (Number(s.total) !== 0) problems.push(`Σ entries of ${s.asset} is ${s.total}, not 0`);

  const accounts = await db
    .selectFrom('ledger_accounts as a')
    .leftJoin('ledger_entries as e', (j) => j.onRef('e.merchant_id', '=', 'a.merchant_id').onRef('e.account_id', '=', 'a.id'))
    .select(['a.id', 'a.code', 'a.asset', 'a.member_id', 'a.balance', sql<number>`coalesce(sum(e.amount), 0)`.as('entries')])
    .where('a.merchant_id', '=', merchantId)
    .groupBy(['a.id', 'a.code', 'a.asset', 'a.member_id', 'a.balance'])
    .execute();
  const lots = await db
    .selectFrom('ledger_lots')
    .select(['account_id', sql<number>`sum(remaining)`.as('remaining'), sql<number>`min(remaining)`.as('min_remaining'), sql<number>`sum(case when remaining > original then 1 else 0 end)`.as('over')])
    .where('merchant_id', '=', merchantId)
    .groupBy('account_id')
    .execute();
  const lotsOf = new Map(lots.map((l) => [l.account_id, l]));
  for (const a of accounts) {
    if (!a.member_id) continue;
    const balance = Number(a.balance);
    if (balance !== Number(a.entries)) problems.push(`${a.code} ${a.asset}: cached ${balance} ≠ Σ entries ${a.entries}`);
    if (balance < 0) problems.push(`${a.code} ${a.asset}: negative balance ${balance}`);
    const l = lotsOf.get(a.id);
    if (Number(l?.remaining ?? 0) !== balance) problems.push(`${a.code} ${a.asset}: Σ lots ${l?.remaining ?? 0} ≠ balance ${balance}`);
    if (l && (Number(l.min_remaining) < 0 || Number(l.over) > 0)) problems.push(`${a.code} ${a.asset}: a lot outside 0…original`);
    const last = await db
      .selectFrom('ledger_entries')
      .select('balance_after')
      .where('merchant_id', '=', merchantId)
      .where('account_id', '=', a.id)
      // entry ids are ULIDs made after the account's row lock was taken, so within a process they follow the order of updates
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last && Number(last.balance_after) !== balance) problems.push(`${a.code} ${a.asset}: last balance_after ${last.balance_after} ≠ balance ${balance}`);
  }
  return problems;
}
