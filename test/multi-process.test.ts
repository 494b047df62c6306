/**
 * Two real server processes on one PostgreSQL database (ARCHITECTURE "Tenancy and scale": N
 * servers behind a load balancer on one PostgreSQL), with many HTTP clients split over both,
 * selling to the same members with the same coupons at once (issue #7, point 3):
 * no overdraft, no coupon used twice, no lost update, and the Writer's deadlock retry seen at work.
 *
 * PostgreSQL only: set TEST_DATABASE_URL (CI's PostgreSQL pass does). On SQLite one process
 * owns the file and runs one write at a time, so there is nothing here to prove.
 *
 * "Retries proven": src/platform/write.ts neither logs nor counts a retry, so the sign used is
 * PostgreSQL's own count of deadlocks in this database (pg_stat_database.deadlocks). A deadlock
 * aborts one transaction with 40P01; without the Writer's retry that request would answer 500.
 * So "deadlocks > 0 and no 5xx" means the retry ran. The deadlocks are made on purpose: two
 * tills in different stores (so the per-store document counter does not queue them) redeem the
 * same five stackable coupons listed in opposite orders, and coupons are marked used in the
 * order they are listed. 40001 (serialization failure) cannot happen: writes run at READ COMMITTED.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../src/db/connection';
import type { Database } from '../src/db/schema';
import { newId } from '../src/kernel/ids';
import { ledgerProblems } from './support/ledger-invariants';
import { createPgDatabase, freePort, HttpClient, ServerProcess, stopAll, type HttpResponse } from './support/server-process';

// collected only when TEST_DATABASE_URL is set (vitest.config.ts)
const BASE_URL = process.env.TEST_DATABASE_URL!;

const MEMBERS = 6;
const TOPUP_FEN = 5_000;
const PRICE_FEN = 700;
/** stored-value sales tried per member: floor(5000 / 700) = 7 can be paid */
const SV_TRIES = 12;
/** single coupons per member, and tries at each */
const SINGLE_COUPONS = 2;
const SINGLE_TRIES = 4;
/** coupons per crossing set (the most an order takes), and tries per direction */
const CROSS_COUPONS = 5;
const CROSS_TRIES = 2;
const COUPON_FEN = 100;
const STORES = 12;
const CLIENTS_PER_SERVER = 6;

let dbHandle: Awaited<ReturnType<typeof createPgDatabase>> | undefined;
let db: Db | undefined;
const servers: ServerProcess[] = [];
let admin: HttpClient;
let merchantId: string;
let stores: string[] = [];
let productId: string;
let templateId: string;
let members: { id: string; coupons: string[] }[] = [];
/** tills: [server index][client] → a session switched to a store */
let tills: { client: HttpClient; server: number; store: number }[] = [];

const kysely = (): Kysely<Database> => db!.kysely;

let deadlocksAtStart = 0;

async function deadlocks(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select deadlocks as n from pg_stat_database where datname = current_database()`.execute(kysely());
  return Number(rows[0]?.n ?? 0);
}

/**
 * Deadlocks PostgreSQL counted in this database since `start`. A backend reports its statistics
 * when it goes idle, at most once a second, so wait a little for a count that is still 0.
 */
async function deadlocksSince(start: number): Promise<number> {
  for (let i = 0; i < 25; i++) {
    const n = (await deadlocks()) - start;
    if (n > 0) return n;
    await new Promise((r) => setTimeout(r, 100));
  }
  return 0;
}

describe('two server processes on one PostgreSQL database', () => {
  beforeAll(async () => {
    dbHandle = await createPgDatabase(BASE_URL, 'mp');
    // one after the other: the first migrates and creates the merchant and its admin
    for (let i = 0; i < 2; i++) {
      const server = new ServerProcess({ port: await freePort(), databaseUrl: dbHandle.url });
      servers.push(server);
      await server.start();
    }
    db = openDb({ databaseUrl: dbHandle.url, poolSize: 4 });
    merchantId = (await kysely().selectFrom('merchants').select('id').where('code', '=', 'm1').executeTakeFirstOrThrow()).id;

    admin = await new HttpClient(servers[0]!.url).login();
    for (let i = 0; i < STORES; i++) stores.push((await admin.ok('/api/stores', { code: `MP${i}`, name: `并发店${i}`, kind: 'direct' })).id);
    await admin.ok('/api/auth/switch-store', { storeId: stores[0] });
    const cardTypeId = (await admin.ok('/api/card-types', { code: 'sv', name: '储值卡', validityKind: 'permanent' })).id;
    productId = (await admin.ok('/api/products', { code: 'MP7', name: '咖啡', kind: 'goods', listPriceFen: PRICE_FEN, memberDiscountAllowed: false })).id;
    templateId = (
      await admin.ok('/api/coupon-templates', {
        name: '一元券',
        kind: 'cash',
        valueFen: COUPON_FEN,
        rateBp: null,
        maxOffFen: null,
        minSpendFen: 0,
        validity: { kind: 'days', days: 30 },
        weekdays: null,
        hours: null,
        productScope: 'all',
        scopeIds: [],
        storeIds: null,
        levelIds: null,
        perMemberLimit: null,
        totalQuantity: null,
        stackable: true,
      })
    ).id;
    const ids: string[] = [];
    for (let i = 0; i < MEMBERS; i++) {
      const m = await admin.ok('/api/members', { name: `并发会员${i}`, phone: `1391000${String(i).padStart(4, '0')}`, homeStoreId: stores[0], card: { cardTypeId } });
      await admin.ok('/api/topups', { memberId: m.id, amountFen: TOPUP_FEN, ruleId: null, tenders: [{ method: 'cash', amountFen: TOPUP_FEN }] });
      ids.push(m.id);
    }
    await admin.ok('/api/coupons/issue', { templateId, target: { kind: 'members', memberIds: ids }, perMember: SINGLE_COUPONS + CROSS_COUPONS });
    for (const id of ids) {
      const list = await admin.get(`/api/coupons?memberId=${id}&templateId=${templateId}&pageSize=50`);
      const coupons = (list.body.items as { code: string }[]).map((c) => c.code).sort();
      expect(coupons).toHaveLength(SINGLE_COUPONS + CROSS_COUPONS);
      members.push({ id, coupons });
    }
    // each till its own session, signed in on its own server, in a store; neighbours differ in server and store
    for (let c = 0; c < CLIENTS_PER_SERVER * 2; c++) {
      const server = c % 2;
      const store = c % STORES;
      const client = await new HttpClient(servers[server]!.url).login();
      await client.ok('/api/auth/switch-store', { storeId: stores[store] });
      tills.push({ client, server, store });
    }
    deadlocksAtStart = await deadlocks();
  }, 120_000);

  afterAll(async () => {
    await stopAll(servers);
    await db?.close();
    await dbHandle?.drop();
    stores = [];
    members = [];
    tills = [];
  }, 60_000);

  it('many tills on both servers: exactly ⌊balance/price⌋ stored-value sales per member, each coupon on one order, no 5xx, balances and ledger exact', async () => {
    type Attempt = { kind: 'sv' | 'single' | 'cross'; member: number; coupon?: string; till: number; res?: HttpResponse; error?: string };
    const attempts: Attempt[] = [];
    const sale = (till: number, memberId: string, couponCodes: string[], payments: unknown[]) =>
      tills[till]!.client.post('/api/checkout', { memberId, lines: [{ productId, quantity: 1 }], couponCodes, payments }, { 'idempotency-key': `mp-${newId()}` });
    const fire = (a: Attempt, run: () => Promise<HttpResponse>) => {
      attempts.push(a);
      return run().then(
        (res) => void (a.res = res),
        (err: unknown) => void (a.error = String(err)),
      );
    };

    const work: Promise<void>[] = [];
    let next = 0;
    const tillFor = (server: number) => {
      // round robin over the tills of one server
      const own = tills.map((t, i) => ({ t, i })).filter((x) => x.t.server === server);
      return own[next++ % own.length]!.i;
    };
    // the crossing sets first, so they overlap: forward on server 0, backward on server 1 (other stores)
    for (let r = 0; r < CROSS_TRIES; r++) {
      for (const [m, member] of members.entries()) {
        const set = member.coupons.slice(0, CROSS_COUPONS);
        const pay = [{ method: 'cash', amountFen: PRICE_FEN - CROSS_COUPONS * COUPON_FEN }];
        const forward = tillFor(0);
        const backward = tillFor(1);
        work.push(fire({ kind: 'cross', member: m, till: forward }, () => sale(forward, member.id, set, pay)));
        work.push(fire({ kind: 'cross', member: m, till: backward }, () => sale(backward, member.id, [...set].reverse(), pay)));
      }
    }
    for (let k = 0; k < Math.max(SV_TRIES, SINGLE_COUPONS * SINGLE_TRIES); k++) {
      for (const [m, member] of members.entries()) {
        if (k < SV_TRIES) {
          const till = tillFor(k % 2);
          work.push(fire({ kind: 'sv', member: m, till }, () => sale(till, member.id, [], [{ method: 'stored_value', amountFen: PRICE_FEN }])));
        }
        if (k < SINGLE_COUPONS * SINGLE_TRIES) {
          const coupon = member.coupons[CROSS_COUPONS + (k % SINGLE_COUPONS)]!;
          const till = tillFor((k >> 1) % 2);
          work.push(fire({ kind: 'single', member: m, coupon, till }, () => sale(till, member.id, [coupon], [{ method: 'cash', amountFen: PRICE_FEN - COUPON_FEN }])));
        }
      }
    }
    const started = Date.now();
    await Promise.all(work);
    const elapsed = Date.now() - started;

    // every request answered, by both servers, and never with a 5xx
    expect(attempts.filter((a) => a.error).map((a) => a.error)).toEqual([]);
    expect(attempts.filter((a) => a.res!.status >= 500).map((a) => ({ status: a.res!.status, body: a.res!.body }))).toEqual([]);
    expect(new Set(attempts.map((a) => tills[a.till]!.server))).toEqual(new Set([0, 1]));
    const outcome = (a: Attempt) => (a.res!.status === 201 ? 201 : `${a.res!.status} ${a.res!.body?.error?.code}`);

    for (const [m, member] of members.entries()) {
      const mine = attempts.filter((a) => a.member === m);
      // stored value: exactly floor(B / A) sales, the rest refused for funds
      const sv = mine.filter((a) => a.kind === 'sv').map(outcome).sort();
      const paid = Math.floor(TOPUP_FEN / PRICE_FEN);
      expect(sv, `member ${m} stored value`).toEqual([...Array(paid).fill(201), ...Array(SV_TRIES - paid).fill('409 WALLET_INSUFFICIENT_FUNDS')]);
      // each single coupon: one sale, the other tries refused as used
      for (const code of member.coupons.slice(CROSS_COUPONS)) {
        const tries = mine.filter((a) => a.coupon === code).map(outcome).sort();
        expect(tries, `member ${m} coupon ${code}`).toEqual([201, ...Array(SINGLE_TRIES - 1).fill('409 COUPON_USED')]);
      }
      // the crossing set: one sale takes all five, every other try (forward or backward) is refused
      const cross = mine.filter((a) => a.kind === 'cross').map(outcome).sort();
      expect(cross, `member ${m} crossing coupons`).toEqual([201, ...Array(2 * CROSS_TRIES - 1).fill('409 COUPON_USED')]);
    }

    // no lost update: each member's balances are the top-up less what the acknowledged sales took, plus what they earned
    const won = attempts.filter((a) => a.res!.status === 201).map((a) => ({ a, order: a.res!.body }));
    for (const [m, member] of members.entries()) {
      const orders = won.filter((w) => w.a.member === m).map((w) => w.order);
      const spent = orders.flatMap((o) => o.payments).filter((p: { method: string }) => p.method === 'stored_value');
      const wallet = (await admin.get(`/api/members/${member.id}/wallet`)).body;
      expect(wallet, `member ${m}`).toMatchObject({
        principalFen: TOPUP_FEN - spent.reduce((s: number, p: { principalFen: number }) => s + p.principalFen, 0),
        bonusFen: 0,
        points: orders.reduce((s: number, o: { pointsEarned: number }) => s + o.pointsEarned, 0),
      });
      expect(wallet.principalFen).toBe(TOPUP_FEN - Math.floor(TOPUP_FEN / PRICE_FEN) * PRICE_FEN);
    }

    // in the database: every coupon used by exactly the order that was acknowledged for it, once
    const coupons = await kysely().selectFrom('coupons').select(['code', 'status', 'used_order_id']).where('merchant_id', '=', merchantId).where('template_id', '=', templateId).execute();
    const uses = await kysely().selectFrom('coupon_uses').select(['coupon_id', 'order_id']).where('merchant_id', '=', merchantId).execute();
    const orderOfCoupon = new Map<string, string>();
    for (const w of won) for (const c of w.order.coupons as { code: string }[]) orderOfCoupon.set(c.code, w.order.id);
    expect(coupons).toHaveLength(MEMBERS * (SINGLE_COUPONS + CROSS_COUPONS));
    for (const c of coupons) expect({ code: c.code, status: c.status, order: c.used_order_id }).toEqual({ code: c.code, status: 'used', order: orderOfCoupon.get(c.code) });
    expect(uses).toHaveLength(coupons.length);
    const orderIds = await kysely().selectFrom('orders').select('id').where('merchant_id', '=', merchantId).execute();
    expect(orderIds.map((o) => o.id).sort()).toEqual(won.map((w) => w.order.id).sort());
    // document numbers stay unique per store and day with two servers taking them
    const docNos = won.map((w) => `${w.order.storeId} ${w.order.docNo}`);
    expect(new Set(docNos).size).toBe(docNos.length);
    expect(await ledgerProblems(kysely(), merchantId)).toEqual([]);
    console.log(`multi-process: ${attempts.length} checkouts over 2 servers in ${elapsed} ms, ${won.length} sold`);
  }, 120_000);

  it('the Writer retries the deadlocks PostgreSQL breaks: crossing coupon sets on both servers end as one sale and COUPON_USED, never a 5xx', async () => {
    // the load above usually deadlocks a few times already; more crossing bursts (fresh coupons) until PostgreSQL has broken one
    let bursts = 0;
    let seen = await deadlocksSince(deadlocksAtStart);
    for (; seen === 0 && bursts < 10; bursts++) {
      await admin.ok('/api/coupons/issue', { templateId, target: { kind: 'members', memberIds: members.map((m) => m.id) }, perMember: CROSS_COUPONS });
      const results = await Promise.all(
        members.map(async (member, m) => {
          const list = await admin.get(`/api/coupons?memberId=${member.id}&templateId=${templateId}&status=available&pageSize=50`);
          const set = (list.body.items as { code: string; status: string }[]).filter((c) => c.status === 'available').map((c) => c.code).sort();
          expect(set).toHaveLength(CROSS_COUPONS);
          const pay = [{ method: 'cash', amountFen: PRICE_FEN - CROSS_COUPONS * COUPON_FEN }];
          const sale = (till: number, codes: string[]) =>
            tills[till]!.client.post('/api/checkout', { memberId: member.id, lines: [{ productId, quantity: 1 }], couponCodes: codes, payments: pay }, { 'idempotency-key': `mp-${newId()}` });
          // member m's two tills: one on each server, in different stores
          const out = await Promise.all([sale(2 * (m % CLIENTS_PER_SERVER), set), sale(2 * (m % CLIENTS_PER_SERVER) + 1, [...set].reverse())]);
          return out.map((r) => (r.status === 201 ? 201 : `${r.status} ${r.body?.error?.code}`)).sort();
        }),
      );
      for (const r of results) expect(r).toEqual([201, '409 COUPON_USED']);
      seen = await deadlocksSince(deadlocksAtStart);
    }
    console.log(`multi-process: ${seen} deadlock(s) broken by PostgreSQL and retried by the Writer (${bursts} extra crossing burst(s))`);
    expect(seen, 'deadlocks PostgreSQL broke in this database; each was retried, since no request failed').toBeGreaterThan(0);
    expect(await ledgerProblems(kysely(), merchantId)).toEqual([]);
  }, 120_000);
});
