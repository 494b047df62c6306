/**
 * Property-based tests of the wallet (ARCHITECTURE "The ledger", RULES R3): random sequences of
 * top-ups (with and without the rule 充100送20 / 充500送120+200积分), stored-value spends, voids,
 * transfers between members, points adjustments, points expiry (with the expiry job run at
 * once, or not yet: an expired lot then counts in the balance but cannot be spent) and
 * Idempotency-Key retries (replay, 422 for another body, a fresh attempt after a failure) run
 * against the real system and against an in-memory model of each member's principal, bonus and
 * points lots (taken soonest-expiring first, then oldest first, like the ledger). After every
 * step each member's GET /api/members/:id/wallet must equal the model and
 * ledgerProblems() must be empty.
 *
 * One test system for the file; every run gets a merchant of its own (3 fresh members with a
 * card, a store, the rule, points expiring after 7 days), so the invariant check only scans that
 * run's ledger and a long run stays linear.
 *
 * Environment:
 *   WALLET_PROPERTY_RUNS=500   number of sequences (default 25, each of up to 25 steps; the
 *                              default runs well under a minute on SQLite and on PostgreSQL)
 *   WALLET_PROPERTY_SEED=…     replay the seed fast-check printed for a failure
 *   WALLET_PROPERTY_PATH=…     with the seed, go straight to the printed (shrunk) counterexample
 *   WALLET_PROPERTY_STATS=1    print how often each outcome (void 200/409, transfer 409…) came up
 * e.g. WALLET_PROPERTY_RUNS=500 npx vitest run test/wallet-properties.test.ts --project server
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/kernel/clock';
import { AppError } from '../src/kernel/errors';
import { newId } from '../src/kernel/ids';
import { Accounts } from '../src/modules/wallet/ledger';
import { systemActor } from '../src/platform/context';
import type { ItemRunner } from '../src/platform/write';
import { ApiClient, type ApiResponse } from './support/api-client';
import { closeTestSystem } from './support/close';
import { createStore } from './support/fixtures';
import { ledgerProblems } from './support/ledger-invariants';
import { ADMIN, addMerchant, createTestSystem, type TestSystem } from './support/test-system';

const RUNS = Number(process.env.WALLET_PROPERTY_RUNS ?? '') || 25;
const SEED = process.env.WALLET_PROPERTY_SEED ? Number(process.env.WALLET_PROPERTY_SEED) : undefined;
const PATH = process.env.WALLET_PROPERTY_PATH || undefined;
const MAX_STEPS = 25;

const DAY = 86_400_000;
const HOUR = 3_600_000;
const POINTS_DAYS = 7;
/** RULES R3: 充100送20, 充500送120+200积分 (highest tier reached applies, not per every) */
const TIERS = [
  { thresholdFen: 10_000, bonusFen: 2_000, points: 0 },
  { thresholdFen: 50_000, bonusFen: 12_000, points: 200 },
];

const clock = fixedClock('2026-11-26T02:00:00Z');
let system: TestSystem;
let merchantSeq = 0;
let phoneSeq = 0;
const phone = () => `137${String(10_000_000 + ++phoneSeq).slice(-8)}`;

beforeAll(async () => {
  system = await createTestSystem({ clock });
});
afterAll(() => closeTestSystem(system));

// ---- the model -------------------------------------------------------------------------------

interface Lot {
  /** creation order: the ledger's lot ids are ULIDs made in this order */
  seq: number;
  original: number;
  remaining: number;
  /** ms; null = never expires */
  expiresAt: number | null;
  createdAt: number;
}

interface MemberModel {
  id: string;
  principal: Lot[];
  bonus: Lot[];
  points: Lot[];
}

interface TopupModel {
  id: string;
  member: number;
  /** every lot the top-up created: principal per tender, bonus, points */
  lots: Lot[];
  voided: boolean;
}

interface Balances {
  principalFen: number;
  bonusFen: number;
  points: number;
}

const total = (lots: Lot[]) => lots.reduce((s, l) => s + l.remaining, 0);
/** what a debit can take: an expired lot still counts in the balance until the job runs, but cannot be spent */
const spendable = (lots: Lot[], now: number) => total(lots.filter((l) => l.expiresAt === null || l.expiresAt > now));

/** round_half_up(a × p / t) for non-negative integers, exactly (RULES R3). */
function roundHalfUpRatio(a: number, p: number, t: number): number {
  const n = BigInt(a) * BigInt(p);
  const q = n / BigInt(t);
  const r = n % BigInt(t);
  return Number(q + (2n * r >= BigInt(t) ? 1n : 0n));
}

class WalletModel {
  private seq = 0;
  readonly topups: TopupModel[] = [];

  constructor(readonly members: MemberModel[]) {}

  lot(amount: number, expiresAt: number | null, now: number): Lot {
    return { seq: ++this.seq, original: amount, remaining: amount, expiresAt, createdAt: now };
  }

  index(memberId: string): number {
    const i = this.members.findIndex((m) => m.id === memberId);
    if (i < 0) throw new Error(`unknown member ${memberId}`);
    return i;
  }

  balances(i: number): Balances {
    const m = this.members[i]!;
    return { principalFen: total(m.principal), bonusFen: total(m.bonus), points: total(m.points) };
  }

  /**
   * Takes `amount` from the spendable lots: soonest expiry first, lots without expiry last,
   * then oldest first. Returns what was taken from each lot, in that order.
   */
  take(lots: Lot[], amount: number, now: number): { amount: number; expiresAt: number | null }[] {
    const from = lots
      .filter((l) => l.remaining > 0 && (l.expiresAt === null || l.expiresAt > now))
      .sort((a, b) => (a.expiresAt === null ? 1 : 0) - (b.expiresAt === null ? 1 : 0) || (a.expiresAt ?? 0) - (b.expiresAt ?? 0) || a.createdAt - b.createdAt || a.seq - b.seq);
    const taken: { amount: number; expiresAt: number | null }[] = [];
    let left = amount;
    for (const lot of from) {
      if (left === 0) break;
      const part = Math.min(left, lot.remaining);
      lot.remaining -= part;
      left -= part;
      taken.push({ amount: part, expiresAt: lot.expiresAt });
    }
    if (left > 0) throw new Error(`model: cannot take ${amount}, ${left} short`);
    return taken;
  }

  /** The expiry job: what is left of every lot expired by `now` leaves the member. */
  expire(now: number) {
    for (const m of this.members) for (const l of m.points) if (l.expiresAt !== null && l.expiresAt <= now) l.remaining = 0;
  }

  view(i: number) {
    const m = this.members[i]!;
    const b = this.balances(i);
    return {
      memberId: m.id,
      ...b,
      storedValueFen: b.principalFen + b.bonusFen,
      pointsExpiring: sortExpiring(m.points.filter((l) => l.remaining > 0 && l.expiresAt !== null).map((l) => ({ points: l.remaining, expiresAt: new Date(l.expiresAt!).toISOString() }))),
      uses: [],
      pendingInstallmentsFen: 0,
      annualFees: [],
    };
  }
}

/** The wallet lists lots with the same expiry in no fixed order: compare them as a multiset. */
function sortExpiring(items: { points: number; expiresAt: string }[]) {
  return [...items].sort((a, b) => (a.expiresAt < b.expiresAt ? -1 : a.expiresAt > b.expiresAt ? 1 : a.points - b.points));
}

// ---- one run's world ------------------------------------------------------------------------

interface KeyedRequest {
  key: string;
  url: string;
  body: any;
  /** the same key with a body that differs (for the 422 check) */
  otherBody: any;
  exec: (body: any, key: string) => Promise<ApiResponse>;
  /** the stored response once the request has succeeded; a failed request frees its key */
  stored: ApiResponse | null;
}

interface World {
  merchantId: string;
  code: string;
  api: ApiClient;
  storeId: string;
  ruleId: string;
  model: WalletModel;
  keyed: KeyedRequest[];
}

async function ok(res: Promise<ApiResponse> | ApiResponse, status: number, what: string) {
  const r = await res;
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function signIn(w: { api: ApiClient; code: string; storeId: string }) {
  await w.api.login(ADMIN.username, ADMIN.password, w.code);
  await ok(w.api.post('/api/auth/switch-store', { storeId: w.storeId }), 200, 'switch store');
}

async function newWorld(): Promise<World> {
  const code = `wp${++merchantSeq}`;
  const merchantId = await addMerchant(system, code);
  const api = new ApiClient(system);
  await api.login(ADMIN.username, ADMIN.password, code);
  const store = await createStore(api, { name: '储值测试店' });
  await ok(api.post('/api/auth/switch-store', { storeId: store.id }), 200, 'switch store');
  await ok(api.patch('/api/settings', { sessionIdleMinutes: 1440, wallet: { spendSplit: 'proportional', pointsExpiry: { mode: 'days', days: POINTS_DAYS } } }), 200, 'settings');
  const cardType = await ok(api.post('/api/card-types', { code: 'sv', name: '储值卡', validityKind: 'permanent' }), 201, 'card type');
  const rule = await ok(
    api.post('/api/topup-rules', { name: '充100送20, 充500送120+200积分', storeId: null, startsOn: null, endsOn: null, tiers: TIERS, perEvery: false, installmentMonths: null }),
    201,
    'rule',
  );
  const members: MemberModel[] = [];
  for (let i = 0; i < 3; i++) {
    const m = await ok(api.post('/api/members', { name: `会员${i}`, phone: phone(), homeStoreId: store.id, card: { cardTypeId: cardType.id } }), 201, 'member');
    members.push({ id: m.id, principal: [], bonus: [], points: [] });
  }
  return { merchantId, code, api, storeId: store.id, ruleId: rule.id, model: new WalletModel(members), keyed: [] };
}

function expectError(res: ApiResponse, status: number, code: string, field?: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  if (field) expect(res.body.error.field).toBe(field);
}

/** how often each outcome came up, printed with WALLET_PROPERTY_STATS=1 (to see that the runs cover them) */
const stats = new Map<string, number>();
const stat = (k: string) => stats.set(k, (stats.get(k) ?? 0) + 1);
afterAll(() => {
  if (process.env.WALLET_PROPERTY_STATS) console.log([...stats].sort().map(([k, v]) => `${k.trim()}: ${v}`).join('\n'));
});

async function checkWorld(w: World) {
  for (let i = 0; i < w.model.members.length; i++) {
    const res = await w.api.get(`/api/members/${w.model.members[i]!.id}/wallet`);
    expect(res.status).toBe(200);
    const { memberId, principalFen, bonusFen, storedValueFen, points, pointsExpiring, uses, pendingInstallmentsFen, annualFees } = res.body;
    // listed soonest expiry first
    const expiries = (pointsExpiring as { expiresAt: string }[]).map((p) => p.expiresAt);
    expect(expiries).toEqual([...expiries].sort());
    expect({ memberId, principalFen, bonusFen, storedValueFen, points, pointsExpiring: sortExpiring(pointsExpiring), uses, pendingInstallmentsFen, annualFees }, `wallet of member ${i}`).toEqual(w.model.view(i));
  }
  expect(await ledgerProblems(system.db.kysely, w.merchantId)).toEqual([]);
}

// ---- the operations: each predicts from the model, acts, checks the answer, updates the model --

/** RULES R3: the highest tier whose threshold ≤ paid applies. */
function grantOf(amountFen: number) {
  const tier = [...TIERS].reverse().find((t) => t.thresholdFen <= amountFen);
  return tier ? { bonusFen: tier.bonusFen, points: tier.points } : null;
}

async function topup(w: World, body: any, key: string): Promise<ApiResponse> {
  const { model } = w;
  const i = model.index(body.memberId);
  const grant = body.ruleId === null ? null : grantOf(body.amountFen);
  const res = await w.api.post('/api/topups', body, { 'idempotency-key': key });
  stat(`topup ${res.status}`);
  if (body.ruleId && !grant) {
    expectError(res, 409, 'TOPUP_RULE_NOT_APPLICABLE', 'ruleId');
    return res;
  }
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const now = clock.now().getTime();
  const m = model.members[i]!;
  const lots: Lot[] = [];
  for (const t of body.tenders as { amountFen: number }[]) lots.push(model.lot(t.amountFen, null, now));
  m.principal.push(...lots);
  if (grant && grant.bonusFen > 0) {
    const l = model.lot(grant.bonusFen, null, now);
    m.bonus.push(l);
    lots.push(l);
  }
  if (grant && grant.points > 0) {
    const l = model.lot(grant.points, now + POINTS_DAYS * DAY, now);
    m.points.push(l);
    lots.push(l);
  }
  model.topups.push({ id: res.body.id, member: i, lots, voided: false });
  expect(res.body).toMatchObject({
    memberId: body.memberId,
    principalFen: body.amountFen,
    bonusFen: grant?.bonusFen ?? 0,
    points: grant?.points ?? 0,
    ruleId: grant ? w.ruleId : null,
    status: 'completed',
    balances: model.balances(i),
  });
  return res;
}

async function transfer(w: World, body: any, key: string): Promise<ApiResponse> {
  const { model } = w;
  const from = model.index(body.fromMemberId);
  const to = model.index(body.toMemberId);
  const before = model.balances(from);
  const toBefore = model.balances(to);
  const res = await w.api.post('/api/wallet/transfers', body, { 'idempotency-key': key });
  stat(`transfer ${res.status} ${res.body?.error?.code ?? ''}`);
  if (body.principalFen + body.bonusFen + body.points === 0) expectError(res, 400, 'WALLET_NOTHING_TO_MOVE', 'principalFen');
  else if (body.principalFen > before.principalFen) expectError(res, 409, 'WALLET_INSUFFICIENT_FUNDS', 'principalFen');
  else if (body.bonusFen > before.bonusFen) expectError(res, 409, 'WALLET_INSUFFICIENT_FUNDS', 'bonusFen');
  else if (body.points > spendable(model.members[from]!.points, clock.now().getTime())) expectError(res, 409, 'WALLET_INSUFFICIENT_POINTS', 'points');
  else {
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const now = clock.now().getTime();
    const a = model.members[from]!;
    const b = model.members[to]!;
    // postings in this order: principal, bonus, points (points keep their expiry)
    if (body.principalFen > 0) {
      model.take(a.principal, body.principalFen, now);
      b.principal.push(model.lot(body.principalFen, null, now));
    }
    if (body.bonusFen > 0) {
      model.take(a.bonus, body.bonusFen, now);
      b.bonus.push(model.lot(body.bonusFen, null, now));
    }
    if (body.points > 0) for (const t of model.take(a.points, body.points, now)) b.points.push(model.lot(t.amount, t.expiresAt, now));
    expect(res.body.from).toMatchObject({ memberId: body.fromMemberId, before, after: model.balances(from) });
    expect(res.body.to).toMatchObject({ memberId: body.toMemberId, before: toBefore, after: model.balances(to) });
  }
  return res;
}

async function adjust(w: World, body: any, key: string, memberId: string): Promise<ApiResponse> {
  const { model } = w;
  const i = model.index(memberId);
  const m = model.members[i]!;
  const res = await w.api.post(`/api/members/${memberId}/points/adjust`, body, { 'idempotency-key': key });
  stat(`adjust ${res.status} ${body.delta > 0 ? '+' : '-'}`);
  const now = clock.now().getTime();
  if (body.delta < 0 && -body.delta > spendable(m.points, now)) {
    expectError(res, 409, 'WALLET_INSUFFICIENT_POINTS', 'delta');
    return res;
  }
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  if (body.delta > 0) m.points.push(model.lot(body.delta, now + POINTS_DAYS * DAY, now));
  else model.take(m.points, -body.delta, now);
  expect(res.body.points).toBe(total(m.points));
  return res;
}

async function keyed(w: World, r: Omit<KeyedRequest, 'stored'>) {
  const entry: KeyedRequest = { ...r, stored: null };
  w.keyed.push(entry);
  const res = await r.exec(r.body, r.key);
  if (res.status < 300) entry.stored = res;
}

// ---- the steps -------------------------------------------------------------------------------

/** members 0 and 1 more often than 2, so steps meet on the same wallets */
const member = fc.constantFrom(0, 0, 1, 1, 2);
/** a share of a balance in ‰, often a small one */
const perMille = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 100 }));

const topupStep = fc.record({
  kind: fc.constant('topup' as const),
  member,
  amount: fc.oneof(fc.integer({ min: 1, max: 80_000 }), fc.constantFrom(9_999, 10_000, 30_000, 49_999, 50_000, 60_000)),
  /** none = ruleId null; best = ruleId omitted (the best applicable rule); explicit = the rule's id */
  rule: fc.constantFrom('none' as const, 'best' as const, 'explicit' as const),
  splitTenders: fc.boolean(),
});
/** small = a fixed amount (often only part of the oldest lot); share = a share of the balance; over = more than the balance */
const spendStep = fc.record({
  kind: fc.constant('spend' as const),
  member,
  mode: fc.constantFrom('small' as const, 'small' as const, 'share' as const, 'over' as const),
  amount: fc.integer({ min: 1, max: 5_000 }),
  perMille,
});
const voidStep = fc.record({ kind: fc.constant('void' as const), pick: fc.nat() });
const transferStep = fc.record({
  kind: fc.constant('transfer' as const),
  from: member,
  toOffset: fc.integer({ min: 1, max: 2 }),
  principal: perMille,
  bonus: perMille,
  points: perMille,
  over: fc.constantFrom(null, null, null, 'principal' as const, 'bonus' as const, 'points' as const),
  overBy: fc.integer({ min: 1, max: 3_000 }),
});
const adjustStep = fc.record({
  kind: fc.constant('adjust' as const),
  member,
  mode: fc.constantFrom('add' as const, 'add' as const, 'deduct' as const, 'deduct' as const, 'beyond' as const),
  amount: fc.integer({ min: 1, max: 500 }),
  perMille,
});
/** time passes; mostly the expiry job runs right after, sometimes not yet (expired lots then still count in the balance but cannot be spent) */
const expireStep = fc.record({ kind: fc.constant('expire' as const), days: fc.integer({ min: 1, max: 10 }), hours: fc.integer({ min: 0, max: 23 }), runJob: fc.constantFrom(true, true, false) });
const retryStep = fc.record({ kind: fc.constant('retry' as const), pick: fc.nat(), otherBody: fc.boolean() });

const step = fc.oneof(
  { arbitrary: topupStep, weight: 5 },
  { arbitrary: spendStep, weight: 4 },
  { arbitrary: voidStep, weight: 3 },
  { arbitrary: transferStep, weight: 3 },
  { arbitrary: adjustStep, weight: 3 },
  { arbitrary: expireStep, weight: 1 },
  { arbitrary: retryStep, weight: 3 },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;
/** a run opens with a few top-ups, so the other steps mostly find money to move */
const steps = fc
  .tuple(fc.array(topupStep, { minLength: 1, maxLength: 3 }), fc.array(step, { minLength: 1, maxLength: MAX_STEPS - 3, size: 'max' }))
  .map(([opening, rest]): Step[] => [...opening, ...rest]);

const part = (available: number, perMille: number) => Math.floor((available * perMille) / 1000);

async function runStep(w: World, s: Step) {
  const { model } = w;
  const now = clock.now().getTime();
  switch (s.kind) {
    case 'topup': {
      const memberId = model.members[s.member]!.id;
      const cash = s.splitTenders && s.amount > 1 ? Math.floor(s.amount / 3) || 1 : s.amount;
      const tenders = cash === s.amount ? [{ method: 'cash', amountFen: s.amount }] : [{ method: 'cash', amountFen: cash }, { method: 'wechat', amountFen: s.amount - cash, reference: `WX${newId()}` }];
      const body: any = { memberId, amountFen: s.amount, tenders };
      if (s.rule === 'none') body.ruleId = null;
      if (s.rule === 'explicit') body.ruleId = w.ruleId;
      const otherBody = { ...body, tenders: tenders.map((t, i) => (i === 0 ? { ...t, reference: 'changed' } : t)) };
      await keyed(w, { key: `topup-${newId()}`, url: '/api/topups', body, otherBody, exec: (b, k) => topup(w, b, k) });
      return;
    }
    case 'spend': {
      const i = s.member;
      const m = model.members[i]!;
      const b = model.balances(i);
      const sv = b.principalFen + b.bonusFen;
      const amount = s.mode === 'over' ? sv + s.amount : s.mode === 'small' ? s.amount : Math.max(1, part(sv, s.perMille));
      const actor = { ...systemActor(w.merchantId), storeId: w.storeId };
      const to = { principal: Accounts.store(w.storeId, 'sales'), bonus: Accounts.store(w.storeId, 'sales') };
      const header = { kind: 'spend', docType: 'test_spend', docId: newId(), memberId: m.id, storeId: w.storeId };
      const result = await system.services.writer
        .run(actor, (scope) => system.services.wallet.spendStoredValue(scope, header, amount, 'proportional', to))
        .then((r) => ({ ok: true as const, r }), (err: unknown) => ({ ok: false as const, err }));
      stat(`spend ${result.ok ? 'ok' : 'insufficient'}`);
      if (amount > sv) {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.err instanceof AppError ? result.err.code : result.err).toBe('WALLET_INSUFFICIENT_FUNDS');
        return;
      }
      if (!result.ok) throw result.err;
      // RULES R3: principal part = round_half_up(amount × principal / (principal + bonus))
      const p = roundHalfUpRatio(amount, b.principalFen, sv);
      expect({ principalFen: result.r.principalFen, bonusFen: result.r.bonusFen }).toEqual({ principalFen: p, bonusFen: amount - p });
      if (p > 0) model.take(m.principal, p, now);
      if (amount - p > 0) model.take(m.bonus, amount - p, now);
      return;
    }
    case 'void': {
      if (model.topups.length === 0) {
        expectError(await w.api.post(`/api/topups/${newId()}/void`, { reason: '撤销' }), 404, 'TOPUP_NOT_FOUND', 'id');
        return;
      }
      const t = model.topups[s.pick % model.topups.length]!;
      const before = model.balances(t.member);
      const res = await w.api.post(`/api/topups/${t.id}/void`, { reason: '撤销' });
      stat(`void ${res.status} ${res.body?.error?.code ?? ''}`);
      if (t.voided) expectError(res, 409, 'TOPUP_STATUS_INVALID', 'id');
      // RULES R3: voidable only while every lot it credited is untouched
      else if (t.lots.some((l) => l.remaining !== l.original)) expectError(res, 409, 'WALLET_TOPUP_ALREADY_SPENT', 'id');
      else {
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        for (const l of t.lots) l.remaining = 0;
        t.voided = true;
        const after = model.balances(t.member);
        expect(res.body).toMatchObject({ id: t.id, status: 'voided', balances: after });
        // 200 ⇒ the balances drop by exactly what the top-up credited
        expect({ p: before.principalFen - after.principalFen, b: before.bonusFen - after.bonusFen, pts: before.points - after.points }).toEqual({
          p: res.body.principalFen,
          b: res.body.bonusFen,
          pts: res.body.points,
        });
      }
      return;
    }
    case 'transfer': {
      const from = s.from;
      const to = (s.from + s.toOffset) % 3;
      const b = model.balances(from);
      const body = {
        fromMemberId: model.members[from]!.id,
        toMemberId: model.members[to]!.id,
        principalFen: s.over === 'principal' ? b.principalFen + s.overBy : part(b.principalFen, s.principal),
        bonusFen: s.over === 'bonus' ? b.bonusFen + s.overBy : part(b.bonusFen, s.bonus),
        points: s.over === 'points' ? b.points + s.overBy : part(b.points, s.points),
        reason: '转给家人',
      };
      await keyed(w, { key: `transfer-${newId()}`, url: '/api/wallet/transfers', body, otherBody: { ...body, reason: '另一个原因' }, exec: (bd, k) => transfer(w, bd, k) });
      return;
    }
    case 'adjust': {
      const memberId = model.members[s.member]!.id;
      const points = model.balances(s.member).points;
      const delta = s.mode === 'add' ? s.amount : s.mode === 'deduct' ? -Math.max(1, part(points, s.perMille)) : -(points + s.amount);
      const body = { delta, reason: '手工调整' };
      await keyed(w, {
        key: `adjust-${newId()}`,
        url: `/api/members/${memberId}/points/adjust`,
        body,
        otherBody: { ...body, reason: '另一个原因' },
        exec: (bd, k) => adjust(w, bd, k, memberId),
      });
      return;
    }
    case 'expire': {
      clock.advance(s.days * DAY + s.hours * HOUR);
      // the session went idle while the clock moved
      await signIn(w);
      if (!s.runJob) {
        stat('expire: job not run yet');
        return;
      }
      const failures: unknown[] = [];
      const runner: ItemRunner = async (merchantId, fn) => {
        try {
          await system.services.writer.run(systemActor(merchantId), fn);
          return true;
        } catch (err) {
          failures.push(err);
          return false;
        }
      };
      await system.services.wallet.ledger.expireLots(runner, clock.now());
      expect(failures).toEqual([]);
      const live = () => model.members.reduce((n, mm) => n + mm.points.filter((l) => l.remaining > 0).length, 0);
      const before = live();
      model.expire(clock.now().getTime());
      stat(before > live() ? 'expire: some lots expired' : 'expire: nothing expired');
      return;
    }
    case 'retry': {
      if (w.keyed.length === 0) return;
      const r = w.keyed[s.pick % w.keyed.length]!;
      stat(`retry ${r.stored ? (s.otherBody ? '422' : 'replay') : 'fresh'}`);
      if (!r.stored) {
        // a failed request freed its key: the retry is a new attempt, judged on the model as it is now
        const res = await r.exec(r.body, r.key);
        if (res.status < 300) r.stored = res;
        return;
      }
      if (s.otherBody) {
        expectError(await w.api.post(r.url, r.otherBody, { 'idempotency-key': r.key }), 422, 'IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key');
        return;
      }
      const res = await w.api.post(r.url, r.body, { 'idempotency-key': r.key });
      expect({ status: res.status, body: res.body, replayed: res.headers['idempotent-replayed'] }).toEqual({ status: r.stored.status, body: r.stored.body, replayed: 'true' });
      return;
    }
  }
}

describe('wallet ledger properties (RULES R3, ARCHITECTURE "The ledger")', () => {
  it(
    `random top-ups, spends, voids, transfers, points adjustments, expiry and retries keep every wallet equal to the model and the ledger balanced (${RUNS} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(steps, async (steps) => {
          const w = await newWorld();
          for (const [n, s] of steps.entries()) {
            try {
              await runStep(w, s);
              await checkWorld(w);
            } catch (err) {
              if (err instanceof Error) err.message = `step ${n} ${JSON.stringify(s)}: ${err.message}`;
              throw err;
            }
          }
        }),
        { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), ...(PATH ? { path: PATH } : {}) },
      );
    },
    Math.max(120_000, RUNS * 10_000),
  );
});
