/**
 * The wallet under concurrency (ARCHITECTURE "The ledger": conditional balance updates and row
 * locks; "Writes": Idempotency-Key). Meant for PostgreSQL (TEST_DATABASE_URL), where the writes
 * below run in up to POOL_SIZE transactions at once: the test system's own pool has 8
 * connections, so the writes go through a second System built on the same database with a
 * larger pool. On SQLite the same tests run on the test system itself; SQLite runs one write
 * transaction at a time, so there they only prove that the outcome is right when serialised.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { openDb } from '../src/db/connection';
import { AppError } from '../src/kernel/errors';
import { newId } from '../src/kernel/ids';
import { Accounts } from '../src/modules/wallet/ledger';
import { systemActor } from '../src/platform/context';
import { buildSystem, type System } from '../src/server';
import { loggedIn, type ApiClient, type ApiResponse } from './support/api-client';
import { closeTestSystem } from './support/close';
import { createStore } from './support/fixtures';
import { ledgerProblems } from './support/ledger-invariants';
import { ADMIN, createTestSystem, type TestSystem } from './support/test-system';

const POOL_SIZE = 24;

let system: TestSystem;
/** on PostgreSQL a second System on the test database with POOL_SIZE connections; on SQLite the test system */
let parallel: System;
let api: ApiClient;
let storeId: string;
let cardTypeId: string;
let phoneSeq = 0;

const isPostgres = () => system.db.dialect === 'postgres';

beforeAll(async () => {
  system = await createTestSystem();
  parallel = system;
  if (isPostgres()) {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(system.db.kysely);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${rows[0]!.name}`;
    const config = { ...loadConfig({}), adminUsername: ADMIN.username, adminPassword: ADMIN.password, merchantCode: 'm1', webDir: '/nonexistent' };
    parallel = await buildSystem(config, { clock: system.clock, db: openDb({ databaseUrl: url.toString(), poolSize: POOL_SIZE }) });
  }
  api = await loggedIn(parallel, ADMIN.username, ADMIN.password);
  storeId = (await createStore(api, { name: '并发测试店' })).id;
  expect((await api.post('/api/auth/switch-store', { storeId })).status).toBe(200);
  cardTypeId = (await api.post('/api/card-types', { code: 'sv', name: '储值卡', validityKind: 'permanent' })).body.id;
  const rule = await api.post('/api/topup-rules', {
    name: '充100送20',
    storeId: null,
    startsOn: null,
    endsOn: null,
    tiers: [{ thresholdFen: 10_000, bonusFen: 2_000, points: 0 }],
    perEvery: false,
    installmentMonths: null,
  });
  expect(rule.status).toBe(201);
});
afterAll(async () => {
  // the second pool must be gone before the test database is dropped
  if (parallel && parallel !== system) await parallel.close();
  await closeTestSystem(system);
});

async function memberWith(topupFen: number, withRule: boolean) {
  const m = await api.post('/api/members', { name: '并发会员', phone: `136${String(10_000_000 + ++phoneSeq).slice(-8)}`, homeStoreId: storeId, card: { cardTypeId } });
  expect(m.status).toBe(201);
  if (topupFen > 0) {
    const t = await api.post('/api/topups', { memberId: m.body.id, amountFen: topupFen, ...(withRule ? {} : { ruleId: null }), tenders: [{ method: 'cash', amountFen: topupFen }] });
    expect(t.status).toBe(201);
  }
  return m.body.id as string;
}

async function wallet(memberId: string) {
  const res = await api.get(`/api/members/${memberId}/wallet`);
  expect(res.status).toBe(200);
  return res.body as { principalFen: number; bonusFen: number; points: number };
}

const codeOf = (err: unknown) => (err instanceof AppError ? err.code : String(err));
const noServerErrors = (responses: ApiResponse[]) => responses.filter((r) => r.status >= 500).map((r) => ({ status: r.status, body: r.body }));

describe('concurrent stored-value spends (ARCHITECTURE: conditional update, row locks)', () => {
  it.each([
    { what: '¥100 principal + ¥20 bonus', topupFen: 10_000, withRule: true, principal: 10_000, bonus: 2_000 },
    { what: '¥100 principal only', topupFen: 10_000, withRule: false, principal: 10_000, bonus: 0 },
  ])('40 spends of ¥7.00 at once from $what: exactly floor(B / A) succeed, the rest are refused, nothing is overdrawn', async ({ topupFen, withRule, principal, bonus }) => {
    const N = 40;
    const A = 700;
    const B = principal + bonus;
    const memberId = await memberWith(topupFen, withRule);
    expect(await wallet(memberId)).toMatchObject({ principalFen: principal, bonusFen: bonus });

    const actor = { ...systemActor(system.merchantId), storeId };
    const to = { principal: Accounts.store(storeId, 'sales'), bonus: Accounts.store(storeId, 'sales') };
    let inFlight = 0;
    let maxInFlight = 0;
    const results = await Promise.allSettled(
      Array.from({ length: N }, () =>
        parallel.services.writer.run(actor, async (w) => {
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          try {
            return await parallel.services.wallet.spendStoredValue(w, { kind: 'spend', docType: 'test_spend', docId: newId(), memberId, storeId }, A, 'proportional', to);
          } finally {
            inFlight--;
          }
        }),
      ),
    );
    const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [codeOf(r.reason)] : []));
    // on PostgreSQL the transactions really overlapped (they queue on the member's row locks)
    if (isPostgres()) expect(maxInFlight).toBeGreaterThan(1);

    expect(done).toHaveLength(Math.floor(B / A));
    expect(refused).toEqual(Array(N - done.length).fill('WALLET_INSUFFICIENT_FUNDS'));
    for (const d of done) expect(d.principalFen + d.bonusFen).toBe(A);
    const after = await wallet(memberId);
    expect(after.principalFen + after.bonusFen).toBe(B - done.length * A);
    expect(after.principalFen).toBe(principal - done.reduce((s, d) => s + d.principalFen, 0));
    expect(after.bonusFen).toBe(bonus - done.reduce((s, d) => s + d.bonusFen, 0));
    // every spend split the balance it saw under the lock (RULES R3), so the spends happened one
    // after another: the same amounts give the same splits as running them in a row
    let p = principal;
    let b = bonus;
    for (let i = 0; i < done.length; i++) {
      const part = Math.floor((2 * A * p + (p + b)) / (2 * (p + b)));
      p -= part;
      b -= A - part;
    }
    expect({ principalFen: after.principalFen, bonusFen: after.bonusFen }).toEqual({ principalFen: p, bonusFen: b });
    expect(await ledgerProblems(system.db.kysely, system.merchantId)).toEqual([]);
  });
});

describe('concurrent transfers both ways (deadlock-prone lock order)', () => {
  it('10 transfers A→B and 10 transfers B→A at once all complete, with no 500s, and the ledger holds', async () => {
    const K = 10;
    const amount = 300;
    const a = await memberWith(10_000, false);
    const b = await memberWith(10_000, false);
    const transfer = (from: string, to: string) => api.post('/api/wallet/transfers', { fromMemberId: from, toMemberId: to, principalFen: amount, bonusFen: 0, points: 0, reason: '互转' });
    const responses = await Promise.all(Array.from({ length: K }, () => [transfer(a, b), transfer(b, a)]).flat());

    expect(noServerErrors(responses)).toEqual([]);
    // each side holds ¥100 and sends at most ¥30 in all: every transfer has the money, whatever the order
    expect(responses.map((r) => (r.status === 201 ? 201 : `${r.status} ${r.body?.error?.code}`))).toEqual(Array(2 * K).fill(201));
    const okAB = responses.filter((r, i) => i % 2 === 0 && r.status === 201).length;
    const okBA = responses.filter((r, i) => i % 2 === 1 && r.status === 201).length;
    expect((await wallet(a)).principalFen).toBe(10_000 - amount * okAB + amount * okBA);
    expect((await wallet(b)).principalFen).toBe(10_000 + amount * okAB - amount * okBA);
    expect(await ledgerProblems(system.db.kysely, system.merchantId)).toEqual([]);
  });
});

describe('concurrent retries of one top-up with the same Idempotency-Key', () => {
  it('credits exactly once; every other attempt replays the same response or is told the request is still running', async () => {
    const memberId = await memberWith(0, false);
    const key = `topup-${newId()}`;
    const body = { memberId, amountFen: 10_000, tenders: [{ method: 'cash', amountFen: 10_000 }] };
    const responses = await Promise.all(Array.from({ length: 12 }, () => api.post('/api/topups', body, { 'idempotency-key': key })));

    expect(noServerErrors(responses)).toEqual([]);
    const fresh = responses.filter((r) => r.status === 201 && r.headers['idempotent-replayed'] === undefined);
    expect(fresh).toHaveLength(1);
    const first = fresh[0]!;
    expect(first.body).toMatchObject({ memberId, principalFen: 10_000, bonusFen: 2_000, status: 'completed' });
    for (const r of responses) {
      if (r === first) continue;
      if (r.status === 201) expect({ replayed: r.headers['idempotent-replayed'], body: r.body }).toEqual({ replayed: 'true', body: first.body });
      else expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status: 409, code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
    }
    const again = await api.post('/api/topups', body, { 'idempotency-key': key });
    expect({ status: again.status, replayed: again.headers['idempotent-replayed'], body: again.body }).toEqual({ status: 201, replayed: 'true', body: first.body });

    expect(await wallet(memberId)).toMatchObject({ principalFen: 10_000, bonusFen: 2_000 });
    expect((await api.get(`/api/topups?memberId=${memberId}`)).body.total).toBe(1);
    expect(await ledgerProblems(system.db.kysely, system.merchantId)).toEqual([]);
  });
});

describe('concurrent voids of one top-up', () => {
  it('exactly one void succeeds; the others are refused with TOPUP_STATUS_INVALID and nothing is reversed twice', async () => {
    const memberId = await memberWith(0, false);
    const t = await api.post('/api/topups', { memberId, amountFen: 20_000, tenders: [{ method: 'cash', amountFen: 20_000 }] });
    expect(t.status).toBe(201);
    const responses = await Promise.all(Array.from({ length: 8 }, () => api.post(`/api/topups/${t.body.id}/void`, { reason: '重复点击' })));

    expect(noServerErrors(responses)).toEqual([]);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of responses.filter((x) => x.status !== 200)) expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status: 409, code: 'TOPUP_STATUS_INVALID' });
    expect(await wallet(memberId)).toMatchObject({ principalFen: 0, bonusFen: 0 });
    expect(await ledgerProblems(system.db.kysely, system.merchantId)).toEqual([]);
  });
});

describe('everything at once over three members', () => {
  it('spends, transfers round the circle, top-ups and points adjustments at once: no 500s, only known refusals, balances add up, the ledger holds', async () => {
    const members = [await memberWith(10_000, true), await memberWith(10_000, true), await memberWith(10_000, true)];
    const actor = { ...systemActor(system.merchantId), storeId };
    const to = { principal: Accounts.store(storeId, 'sales'), bonus: Accounts.store(storeId, 'sales') };
    const spend = (memberId: string) =>
      parallel.services.writer.run(actor, (w) => parallel.services.wallet.spendStoredValue(w, { kind: 'spend', docType: 'test_spend', docId: newId(), memberId, storeId }, 2_000, 'proportional', to));
    type Outcome = { kind: 'spend' | 'transfer' | 'topup' | 'adjust'; from: number; to?: number; ok: boolean; code?: string; principalFen: number; bonusFen: number; points: number };
    const ops: Promise<Outcome>[] = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 3; i++) {
        ops.push(
          spend(members[i]!).then(
            (r) => ({ kind: 'spend', from: i, ok: true, principalFen: r.principalFen, bonusFen: r.bonusFen, points: 0 }),
            (err: unknown) => ({ kind: 'spend', from: i, ok: false, code: codeOf(err), principalFen: 0, bonusFen: 0, points: 0 }),
          ),
        );
        const j = (i + 1) % 3;
        ops.push(
          api
            .post('/api/wallet/transfers', { fromMemberId: members[i], toMemberId: members[j], principalFen: 2_500, bonusFen: 500, points: 0, reason: '轮转' })
            .then((r) => ({ kind: 'transfer', from: i, to: j, ok: r.status === 201, code: r.body?.error?.code ?? String(r.status), principalFen: 2_500, bonusFen: 500, points: 0 })),
        );
        if (round < 2) {
          ops.push(
            api
              .post('/api/topups', { memberId: members[i], amountFen: 3_000, ruleId: null, tenders: [{ method: 'cash', amountFen: 3_000 }] })
              .then((r) => ({ kind: 'topup', from: i, ok: r.status === 201, code: r.body?.error?.code ?? String(r.status), principalFen: 3_000, bonusFen: 0, points: 0 })),
          );
        }
        const delta = round % 2 === 0 ? 20 : -15;
        ops.push(
          api
            .post(`/api/members/${members[i]}/points/adjust`, { delta, reason: '并发调整' })
            .then((r) => ({ kind: 'adjust', from: i, ok: r.status === 200, code: r.body?.error?.code ?? String(r.status), principalFen: 0, bonusFen: 0, points: delta })),
        );
      }
    }
    const outcomes = await Promise.all(ops);

    const refusals = outcomes.filter((o) => !o.ok).map((o) => `${o.kind} ${o.code}`);
    for (const r of refusals) expect(['spend WALLET_INSUFFICIENT_FUNDS', 'transfer WALLET_INSUFFICIENT_FUNDS', 'adjust WALLET_INSUFFICIENT_POINTS']).toContain(r);
    expect(outcomes.filter((o) => o.kind === 'topup').every((o) => o.ok)).toBe(true);
    const expected = members.map(() => ({ principalFen: 10_000, bonusFen: 2_000, points: 0 }));
    for (const o of outcomes.filter((x) => x.ok)) {
      const sign = o.kind === 'topup' || o.kind === 'adjust' ? 1 : -1;
      expected[o.from]!.principalFen += sign * o.principalFen;
      expected[o.from]!.bonusFen += sign * o.bonusFen;
      expected[o.from]!.points += o.points;
      if (o.to !== undefined) {
        expected[o.to]!.principalFen += o.principalFen;
        expected[o.to]!.bonusFen += o.bonusFen;
      }
    }
    for (const [i, memberId] of members.entries()) expect(await wallet(memberId), `member ${i}`).toMatchObject(expected[i]!);
    expect(await ledgerProblems(system.db.kysely, system.merchantId)).toEqual([]);
  });
});

describe('two tills paying from one balance (checkout)', () => {
  it('20 sales of ¥7 paid by stored value from ¥100 at once: exactly 14 go through, the rest are WALLET_INSUFFICIENT_FUNDS, never a 500', async () => {
    const memberId = await memberWith(10_000, false);
    const product = await api.post('/api/products', { code: 'CC7', name: '咖啡', kind: 'goods', listPriceFen: 700, memberDiscountAllowed: false });
    expect(product.status).toBe(201);
    const tillB = await loggedIn(parallel, ADMIN.username, ADMIN.password);
    expect((await tillB.post('/api/auth/switch-store', { storeId })).status).toBe(200);
    const sale = (till: ApiClient) =>
      till.post('/api/checkout', { memberId, lines: [{ productId: product.body.id, quantity: 1 }], payments: [{ method: 'stored_value', amountFen: 700 }] }, { 'idempotency-key': newId() });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => sale(i % 2 ? api : tillB)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(14);
    expect(results.filter((r) => r.status !== 201).map((r) => [r.status, r.body.error.code])).toEqual(Array(6).fill([409, 'WALLET_INSUFFICIENT_FUNDS']));
    expect(await wallet(memberId)).toMatchObject({ principalFen: 200, bonusFen: 0 });
    const orders = (await api.get(`/api/orders?memberId=${memberId}&pageSize=50`)).body;
    expect(orders.total).toBe(14);
    expect(await ledgerProblems(system.db.kysely, system.merchantId)).toEqual([]);
  });
});
