import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql } from 'kysely';
import type { System } from '../src/server';
import { BenchApi } from './lib/api';
import { log, makeTarget, percentile, round2, type BenchOptions } from './lib/common';
import { BENCH_ADMIN, BENCH_MERCHANT, seedShop } from './lib/shop';
import { openSystem } from './lib/system';

export interface LookupResult {
  dialect: 'sqlite' | 'postgres';
  members: number;
  seedSeconds: number;
  samples: number;
  phone: { p50Ms: number; p99Ms: number };
  card: { p50Ms: number; p99Ms: number };
  /** SQLite: the same timings after adding the proposed plain index on member_cards (merchant_id, member_id) */
  withMemberIndex: { phone: { p50Ms: number; p99Ms: number }; card: { p50Ms: number; p99Ms: number }; livePlan: string[] } | null;
  /** EXPLAIN of the statements a lookup sends */
  plans: Record<string, string[]>;
}

const CHUNK = 100_000;

/**
 * Bulk seed: copies of one member made through the API (row and card), written by
 * INSERT … SELECT over a generated series, CHUNK rows per transaction. Member i gets
 * phone 139xxxxxxxx and card BC00000xxxxx.
 */
export async function seedMembersForBench(system: System, templateId: string, count: number, analyze = true): Promise<void> {
  const k = system.db.kysely;
  const pgDialect = system.db.dialect === 'postgres';
  const memberCols = Object.keys((await k.selectFrom('members').selectAll().where('id', '=', templateId).executeTakeFirstOrThrow()) as object);
  const cardCols = Object.keys((await k.selectFrom('member_cards').selectAll().where('member_id', '=', templateId).executeTakeFirstOrThrow()) as object);
  const pad = (width: number) => (pgDialect ? `lpad(s.i::text, ${width}, '0')` : `printf('%0${width}d', s.i)`);
  const memberId = `'01BENCH' || ${pad(19)}`;
  const memberExpr: Record<string, string> = {
    id: memberId,
    name: `'会员' || s.i`,
    phone: `'139' || ${pad(8)}`,
    phone_last4: pgDialect ? `right(${pad(8)}, 4)` : `substr(${pad(8)}, -4)`,
  };
  const cardExpr: Record<string, string> = {
    id: `'01BCARD' || ${pad(19)}`,
    member_id: memberId,
    card_no: `'BC' || ${pad(10)}`,
  };
  const q = (c: string) => `"${c}"`;
  const select = (cols: string[], expr: Record<string, string>) => cols.map((c) => expr[c] ?? `t.${q(c)}`).join(', ');
  const series = (from: number, to: number) =>
    pgDialect ? `generate_series(${from}, ${to}) as s(i)` : `(with recursive n(i) as (select ${from} union all select i + 1 from n where i < ${to}) select i from n) as s`;
  for (let from = 1; from <= count; from += CHUNK) {
    const to = Math.min(count, from + CHUNK - 1);
    await k.transaction().execute(async (tx) => {
      await sql
        .raw(`insert into members (${memberCols.map(q).join(', ')}) select ${select(memberCols, memberExpr)} from ${series(from, to)} cross join members t where t.id = '${templateId}'`)
        .execute(tx);
      await sql
        .raw(`insert into member_cards (${cardCols.map(q).join(', ')}) select ${select(cardCols, cardExpr)} from ${series(from, to)} cross join member_cards t where t.member_id = '${templateId}'`)
        .execute(tx);
    });
    if (to % 500_000 === 0 || to === count) log(`${system.db.dialect} lookup: ${to.toLocaleString('en')} members seeded`);
  }
  if (!analyze) return;
  if (pgDialect) await sql`analyze members, member_cards`.execute(k);
  else await sql`analyze`.execute(k);
}

/** The plan of a statement with its values bound as parameters, as Kysely sends it (not inlined: that can change the plan). */
async function explain(system: System, query: string, params: unknown[]): Promise<string[]> {
  const k = system.db.kysely;
  if (system.db.dialect === 'postgres') {
    let n = 0;
    const text = query.replace(/\?/g, () => `$${++n}`);
    const rows = await k.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain analyze ${text}`, params));
    return rows.rows.map((r) => r['QUERY PLAN']);
  }
  const rows = await k.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query}`, params));
  return rows.rows.map((r) => r.detail);
}

/** GET /api/members/lookup's work without HTTP: MembersService.lookup, timed call by call. */
export async function benchLookup(dialect: 'sqlite' | 'postgres', opts: BenchOptions): Promise<LookupResult> {
  const target = await makeTarget(dialect, opts, 'lookup');
  let system: System | undefined;
  try {
    system = await openSystem(target);
    const api = BenchApi.inject(system);
    await api.login(BENCH_MERCHANT, BENCH_ADMIN.username, BENCH_ADMIN.password);
    const shop = await seedShop(api, 1, 1_000);
    const t0 = performance.now();
    await seedMembersForBench(system, shop.memberIds[0]!, opts.lookupMembers);
    const seedSeconds = (performance.now() - t0) / 1000;
    const session = await system.services.auth.resolveSession(api.sessionToken, '127.0.0.1');
    const ctx = session!.access;
    const members = system.services.members;
    const samples = opts.quick ? 1_000 : 5_000;
    let sampled = samples;
    const pick = () => 1 + Math.floor(Math.random() * opts.lookupMembers);
    const time = async (code: (i: number) => string) => {
      for (let i = 0; i < 20; i++) await members.lookup(ctx, code(pick())); // warm-up
      const ms: number[] = [];
      // `samples` calls, or fewer (at least 200) when they take more than 20 s in all
      const budgetEnd = performance.now() + 20_000;
      for (let i = 0; i < samples && (i < 200 || performance.now() < budgetEnd); i++) {
        const c = code(pick());
        const s = performance.now();
        const found = await members.lookup(ctx, c);
        ms.push(performance.now() - s);
        if (!found.member) throw new Error(`lookup ${c} found nobody`);
      }
      ms.sort((a, b) => a - b);
      sampled = Math.min(sampled, ms.length);
      return { p50Ms: round2(percentile(ms, 50)), p99Ms: round2(percentile(ms, 99)) };
    };
    const phoneOf = (i: number) => `139${String(i).padStart(8, '0')}`;
    const cardOf = (i: number) => `BC${String(i).padStart(10, '0')}`;
    const phone = await time(phoneOf);
    const card = await time(cardOf);
    const m = shop.memberIds[0]!;
    const plans = {
      'card by number': await explain(system, 'select * from "member_cards" where "merchant_id" = ? and "card_no" = ?', [ctx.merchantId, cardOf(7)]),
      'member by phone': await explain(system, 'select * from "members" where "merchant_id" = ? and "phone" = ?', [ctx.merchantId, phoneOf(7)]),
      'member by id': await explain(system, 'select * from "members" where "merchant_id" = ? and "id" = ?', [ctx.merchantId, m]),
      'live cards of member': await explain(system, 'select * from "member_cards" where "merchant_id" = ? and "member_id" in (?) and "status" in (?, ?, ?, ?)', [ctx.merchantId, m, 'active', 'lost', 'frozen', 'expired']),
      'tags of member': await explain(system, 'select "member_id", "tag" from "member_tags" where "merchant_id" = ? and "member_id" in (?) order by "tag"', [ctx.merchantId, m]),
    };
    // the proposed fix, measured: with bound parameters SQLite cannot use the partial index member_cards_live_uq
    let withMemberIndex: LookupResult['withMemberIndex'] = null;
    if (dialect === 'sqlite') {
      await sql`create index bench_member_cards_member_idx on member_cards (merchant_id, member_id)`.execute(system.db.kysely);
      withMemberIndex = {
        phone: await time(phoneOf),
        card: await time(cardOf),
        livePlan: await explain(system, 'select * from "member_cards" where "merchant_id" = ? and "member_id" in (?) and "status" in (?, ?, ?, ?)', [ctx.merchantId, m, 'active', 'lost', 'frozen', 'expired']),
      };
    }
    return { dialect, members: opts.lookupMembers, seedSeconds: round2(seedSeconds), samples: sampled, phone, card, withMemberIndex, plans };
  } finally {
    await system?.close();
    await target.drop();
  }
}
