/**
 * Model-based test of the till and the wallet together (issue #7 point 2): fast-check generates
 * random interleavings of commands — top-up, coupon issue, checkout (lines + an optional coupon +
 * stored value, points and cash within the R4 cap), return of some lines, void, restore of a
 * void, card-to-card transfer, the clock moving on with the expiry job, and a retry of an earlier
 * write with the same Idempotency-Key — and runs each one against the real system in-process
 * (createTestSystem, app.inject, a fixed clock that the commands advance) and against a small
 * in-memory model of every member's principal, bonus and points lots, every coupon and every
 * order with its returns.
 *
 * Every command predicts from the model what must happen (the amounts, or the 4xx code of a
 * refusal), sends the request, checks the answer, then updates the model. After every command:
 * ledgerProblems() is empty, each member's GET /api/members/:id/wallet equals the model and
 * each coupon's status (GET /api/coupons) equals the model. A refusal must also leave the
 * merchant's documents and ledger rows as they were, and a replay with the same key must answer
 * the stored response and move nothing.
 *
 * What the model computes, from RULES:
 *   R1  coupon discount spread over lines by largest remainder (ties to the earlier line)
 *   R3  top-up tiers 充100送20 / 充500送120+200积分; spend split principal/bonus proportionally,
 *       principal part = round_half_up(amount × principal / (principal + bonus))
 *   R4  points earned = floor((total − points paid − bonus part) / 100) (no levels, rate 1/¥1),
 *       100 points = ¥1, at most 50% of an order; points expire 7 days after they are credited;
 *       debits take the soonest-expiring unexpired lot first, then the oldest
 *   R8  one coupon per order; used once; a return of everything left gives it back while valid
 *   R9  returns in proportion. RULES does not pin down the rounding of a partial return, so the
 *       model follows the documented algorithm of src/modules/orders/return-rules.ts (written
 *       again here, not imported): line units by largest remainder, tender shares by largest
 *       remainder over what each tender has left, stored value back in the sale's split
 *       (round half up, all that is left on the last return), points paid back
 *       floor(points × share / amount), clawback floor(earned × returned / total), shortfall
 *       off cash first, then stored-value principal. Restore = reversal of the void's ledger
 *       transaction onto the very lots, refused while a lot the void credited was used since.
 *   R13 transfer keeps principal and bonus apart; points keep their expiry.
 *
 * Below the property, 'bugs found by the model' keeps each bug it found as its smallest input.
 *
 * One test system for the file; each run gets a merchant of its own (3 members with a card, 4
 * products without member discount, the top-up rule, 3 coupon templates), so the checks scan
 * only that run's rows and a long run stays linear.
 *
 * Environment:
 *   MODEL_RUNS=200       number of command sequences (default 20, each up to MODEL_STEPS commands)
 *   MODEL_STEPS=80       most commands per sequence (default 50; fast-check favours the shorter)
 *   MODEL_SEED=…         the seed (printed in the test name and in a failure's report)
 *   MODEL_PATH=…         with the seed: go straight to the printed (shrunk) counterexample
 *   MODEL_REPLAY=…       with seed and path: the commands' replayPath printed as /*replayPath="…"*\/
 *   MODEL_NO_SHRINK=1    report the first failure as found, without shrinking it
 *   MODEL_STATS=1        print how often each outcome (checkout 201, COUPON_USED, restore blocked…) came up
 * Long run (SQLite, ~2 min here; add TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres for PostgreSQL;
 * -t keeps to the property):
 *   MODEL_RUNS=200 npx vitest run test/model-based.test.ts --project server -t "random interleavings"
 * Replay a failure: MODEL_SEED=<seed> MODEL_PATH="<path>" MODEL_REPLAY="<replayPath>" with the same command.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../src/kernel/clock';
import { newId } from '../src/kernel/ids';
import { systemActor } from '../src/platform/context';
import type { ItemRunner } from '../src/platform/write';
import { ApiClient, type ApiResponse } from './support/api-client';
import { closeTestSystem } from './support/close';
import { countRows } from './support/db-inspect';
import { createStore } from './support/fixtures';
import { ledgerProblems } from './support/ledger-invariants';
import { ADMIN, addMerchant, createTestSystem, type TestSystem } from './support/test-system';

const RUNS = Number(process.env.MODEL_RUNS ?? '') || 20;
const MAX_COMMANDS = Number(process.env.MODEL_STEPS ?? '') || 50;
const SEED = process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
const PATH = process.env.MODEL_PATH || undefined;
const REPLAY = process.env.MODEL_REPLAY || undefined;

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Asia/Shanghai, the stores' zone: no daylight saving */
const ZONE_OFFSET = 8 * HOUR;
const POINTS_DAYS = 7;
const TIERS = [
  { thresholdFen: 10_000, bonusFen: 2_000, points: 0 },
  { thresholdFen: 50_000, bonusFen: 12_000, points: 200 },
];
/** no member discount, so a line costs list × quantity until a coupon takes its share */
const PRODUCTS = [
  { name: '洗发水', priceFen: 1_234 },
  { name: '护发素', priceFen: 5_500 },
  { name: '发夹', priceFen: 888 },
  { name: '染发', priceFen: 19_990 },
];
interface TemplateDef {
  name: string;
  kind: 'cash' | 'threshold' | 'discount';
  valueFen: number;
  rateBp: number | null;
  maxOffFen: number | null;
  minSpendFen: number;
  days: number;
  perMemberLimit: number | null;
}
const TEMPLATES: TemplateDef[] = [
  { name: '5元代金券', kind: 'cash', valueFen: 500, rateBp: null, maxOffFen: null, minSpendFen: 0, days: 2, perMemberLimit: 2 },
  { name: '满100减20', kind: 'threshold', valueFen: 2_000, rateBp: null, maxOffFen: null, minSpendFen: 10_000, days: 10, perMemberLimit: null },
  { name: '8.8折券最多减15', kind: 'discount', valueFen: 0, rateBp: 8_800, maxOffFen: 1_500, minSpendFen: 0, days: 5, perMemberLimit: null },
];
const MEMBERS = 3;

const clock = fixedClock('2026-11-26T02:00:00Z');
let system: TestSystem;
let merchantSeq = 0;
let phoneSeq = 0;
const phone = () => `138${String(20_000_000 + ++phoneSeq).slice(-8)}`;

beforeAll(async () => {
  system = await createTestSystem({ clock });
});
afterAll(() => closeTestSystem(system));

// ---- arithmetic of the model (RULES R1, R3), written here rather than imported from src ------

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** round_half_up(a × p / t) for non-negative integers, exactly. */
function roundHalfUpRatio(a: number, p: number, t: number): number {
  const n = BigInt(a) * BigInt(p);
  const q = n / BigInt(t);
  return Number(q + (2n * (n % BigInt(t)) >= BigInt(t) ? 1n : 0n));
}

/** R1 largest remainder: shares ∝ weights summing exactly to total; equal remainders favour the earlier weight; all-zero weights put it all on the first. */
function largestRemainder(total: number, weights: readonly number[]): number[] {
  const s = sum(weights);
  if (weights.length === 0) return [];
  if (s === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const exact = weights.map((w) => BigInt(total) * BigInt(w));
  const shares = exact.map((e) => Number(e / BigInt(s)));
  const order = exact.map((e, i) => ({ i, r: e % BigInt(s) })).sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  let left = total - sum(shares);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i]! += 1;
    left--;
  }
  return shares;
}

/** Start of the local day `days` after the local day of `at` (a coupon valid N days: issue day is day 1, valid to the end of day N). */
function localMidnightAfter(at: number, days: number): number {
  const local = new Date(at + ZONE_OFFSET);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days) - ZONE_OFFSET;
}

// ---- the model -----------------------------------------------------------------------------------

interface Lot {
  /** creation order (the ledger breaks ties of expiry and time by ULID, made in this order) */
  seq: number;
  original: number;
  remaining: number;
  /** ms; null = never */
  expiresAt: number | null;
  createdAt: number;
}

interface MemberModel {
  id: string;
  principal: Lot[];
  bonus: Lot[];
  points: Lot[];
}

interface CouponModel {
  code: string;
  template: number;
  member: number;
  validTo: number;
  status: 'available' | 'used';
  usedBy: string | null;
}

type Method = 'stored_value' | 'points' | 'cash';
interface PaymentModel {
  seq: number;
  method: Method;
  amountFen: number;
  points: number;
  principalFen: number;
  bonusFen: number;
}

/** a return, void or restore row (a restore holds the void's numbers negated) */
interface ReturnModel {
  id: string;
  kind: 'return' | 'void' | 'restore';
  restores: string | null;
  lines: { seq: number; quantity: number; amountFen: number }[];
  payments: { seq: number; method: Method; amountFen: number; points: number; principalFen: number; bonusFen: number; shortfallFen: number }[];
  goodsFen: number;
  refundFen: number;
  pointsReturned: number;
  pointsClawback: number;
  shortfallPoints: number;
  shortfallFen: number;
  /** what its ledger transaction did to the member's lots, for a restore to undo */
  credited: { lot: Lot; amount: number }[];
  debited: { lot: Lot; amount: number }[];
  /** the coupons whose use it released (given back or kept used) */
  released: string[];
}

interface OrderModel {
  id: string;
  member: number;
  totalFen: number;
  pointsEarned: number;
  lines: { seq: number; product: number; quantity: number; amountFen: number }[];
  payments: PaymentModel[];
  coupon: string | null;
  returns: ReturnModel[];
}

interface KeyedRequest {
  label: string;
  key: string;
  url: string;
  body: any;
  /** the same key with a body that differs (for the 422 check) */
  otherBody: any;
  /** predicts from the model as it is now, sends, checks, updates the model */
  exec: (w: World, body: any, key: string) => Promise<ApiResponse>;
  /** the stored response once it succeeded; a refused request frees its key */
  stored: ApiResponse | null;
}

interface World {
  merchantId: string;
  code: string;
  api: ApiClient;
  storeId: string;
  productIds: string[];
  templateIds: string[];
  members: MemberModel[];
  coupons: CouponModel[];
  orders: OrderModel[];
  keyed: KeyedRequest[];
  lotSeq: number;
}

const now = () => clock.now().getTime();
/** −n without a −0 (toEqual tells them apart) */
const neg = (n: number) => (n === 0 ? 0 : -n);
const total = (lots: readonly Lot[]) => sum(lots.map((l) => l.remaining));
const live = (l: Lot, at: number) => l.expiresAt === null || l.expiresAt > at;
/** what a debit can take: a lot past its expiry still counts in the balance until the job runs, but cannot be spent */
const spendable = (lots: readonly Lot[], at: number) => total(lots.filter((l) => live(l, at)));

function newLot(w: World, amount: number, expiresAt: number | null): Lot {
  return { seq: ++w.lotSeq, original: amount, remaining: amount, expiresAt, createdAt: now() };
}

/** Takes `amount` from the spendable lots: soonest expiry first, lots without expiry last, then oldest first. */
function take(lots: Lot[], amount: number): { lot: Lot; amount: number }[] {
  const at = now();
  const from = lots
    .filter((l) => l.remaining > 0 && live(l, at))
    .sort((a, b) => Number(a.expiresAt === null) - Number(b.expiresAt === null) || (a.expiresAt ?? 0) - (b.expiresAt ?? 0) || a.createdAt - b.createdAt || a.seq - b.seq);
  const taken: { lot: Lot; amount: number }[] = [];
  let left = amount;
  for (const lot of from) {
    if (left === 0) break;
    const part = Math.min(left, lot.remaining);
    lot.remaining -= part;
    left -= part;
    taken.push({ lot, amount: part });
  }
  if (left > 0) throw new Error(`model: cannot take ${amount}, ${left} short`);
  return taken;
}

function balances(w: World, i: number) {
  const m = w.members[i]!;
  return { principalFen: total(m.principal), bonusFen: total(m.bonus), points: total(m.points) };
}

const pointsExpiry = () => now() + POINTS_DAYS * DAY;

/** the coupon's status as the API shows it: available past its end shows as expired */
const couponStatus = (c: CouponModel) => (c.status === 'available' && c.validTo <= now() ? 'expired' : c.status);

/** The wallet lists lots with the same expiry in no fixed order: compare them as a multiset. */
function sortExpiring(items: { points: number; expiresAt: string }[]) {
  return [...items].sort((a, b) => (a.expiresAt < b.expiresAt ? -1 : a.expiresAt > b.expiresAt ? 1 : a.points - b.points));
}

function walletView(w: World, i: number) {
  const m = w.members[i]!;
  const b = balances(w, i);
  return {
    ...b,
    storedValueFen: b.principalFen + b.bonusFen,
    pointsExpiring: sortExpiring(m.points.filter((l) => l.remaining > 0 && l.expiresAt !== null).map((l) => ({ points: l.remaining, expiresAt: new Date(l.expiresAt!).toISOString() }))),
  };
}

// ---- pricing and returns in the model (R1, R4, R8, R9) ---------------------------------------------

/** R8 + R1: the coupon's amount (capped at the lines) spread over the lines by largest remainder. */
function priceCart(lines: readonly { product: number; quantity: number }[], template: TemplateDef | null) {
  const list = lines.map((l) => PRODUCTS[l.product]!.priceFen * l.quantity);
  const subtotalFen = sum(list);
  let couponFen = 0;
  if (template) {
    const face = template.kind === 'discount' ? Math.min(subtotalFen - roundHalfUpRatio(subtotalFen, template.rateBp!, 10_000), template.maxOffFen ?? Infinity) : template.valueFen;
    couponFen = Math.min(face, subtotalFen);
  }
  const off = largestRemainder(couponFen, list);
  const amounts = list.map((a, i) => a - off[i]!);
  return { subtotalFen, couponFen, totalFen: sum(amounts), amounts, minSpendMet: !template || subtotalFen >= template.minSpendFen };
}

/** R4: the most points that may pay an order of `totalFen` (50%, 100 points = ¥1), within the balance. */
const maxPoints = (totalFen: number, balance: number) => Math.min(Math.floor((totalFen * 5_000) / 10_000), balance);

/** The order as its returns left it: per line what is left, per payment what is left to give back. */
function orderState(o: OrderModel) {
  const lines = o.lines.map((l) => {
    const back = o.returns.flatMap((r) => r.lines.filter((x) => x.seq === l.seq));
    return { ...l, returnedQuantity: sum(back.map((x) => x.quantity)), returnedFen: sum(back.map((x) => x.amountFen)) };
  });
  const payments = o.payments.map((p) => {
    const back = o.returns.flatMap((r) => r.payments.filter((x) => x.seq === p.seq));
    return {
      ...p,
      refundedFen: sum(back.map((x) => x.amountFen + x.shortfallFen)),
      refundedPoints: sum(back.map((x) => x.points)),
      refundedPrincipalFen: sum(back.map((x) => x.principalFen + (x.method === 'stored_value' ? x.shortfallFen : 0))),
    };
  });
  return { lines, payments, clawedBefore: sum(o.returns.map((r) => r.pointsClawback)) };
}

/** R9, see the header: what returning `request` gives back now, or null when more is asked than is left. */
function planReturn(o: OrderModel, request: readonly { seq: number; quantity: number }[], memberPoints: number) {
  const s = orderState(o);
  const asked = new Map<number, number>();
  for (const r of request) asked.set(r.seq, (asked.get(r.seq) ?? 0) + r.quantity);
  for (const [seq, q] of asked) {
    const line = s.lines.find((l) => l.seq === seq);
    if (!line || q > line.quantity - line.returnedQuantity) return null;
  }
  // units of a line: largest remainder over equal shares, the earlier units carry the extra fen; returned in order
  const done = new Map<number, number>();
  const lines = request.map((r) => {
    const line = s.lines.find((l) => l.seq === r.seq)!;
    const from = line.returnedQuantity + (done.get(r.seq) ?? 0);
    done.set(r.seq, (done.get(r.seq) ?? 0) + r.quantity);
    const units = largestRemainder(line.amountFen, new Array<number>(line.quantity).fill(1));
    return { seq: r.seq, quantity: r.quantity, amountFen: sum(units.slice(from, from + r.quantity)) };
  });
  const goodsFen = sum(lines.map((l) => l.amountFen));
  const left = s.payments.map((p) => p.amountFen - p.refundedFen);
  const shares = largestRemainder(goodsFen, left);
  const payments = s.payments.map((p, i) => {
    const share = shares[i]!;
    const all = share === left[i];
    const points = p.method !== 'points' || share === 0 ? 0 : all ? p.points - p.refundedPoints : Math.floor((p.points * share) / p.amountFen);
    const principalLeft = p.principalFen - p.refundedPrincipalFen;
    const principalFen = p.method !== 'stored_value' ? 0 : all ? principalLeft : Math.min(principalLeft, roundHalfUpRatio(share, p.principalFen, p.amountFen));
    return { seq: p.seq, method: p.method, amountFen: share, points, principalFen, bonusFen: p.method === 'stored_value' ? share - principalFen : 0, shortfallFen: 0 };
  });
  const pointsReturned = sum(payments.map((p) => p.points));
  const returnedAfter = sum(s.lines.map((l) => l.returnedFen)) + goodsFen;
  const target = returnedAfter >= o.totalFen ? o.pointsEarned : Math.floor((o.pointsEarned * returnedAfter) / Math.max(o.totalFen, 1));
  const pointsClawback = Math.max(0, target - s.clawedBefore);
  const shortfallPoints = Math.max(0, pointsClawback - (memberPoints + pointsReturned));
  // R9: the shortfall's cash value (100 points = ¥1) comes off the money going back: cash first, then stored-value principal
  let owed = Math.min(shortfallPoints, sum(payments.filter((p) => p.method !== 'points').map((p) => p.amountFen)));
  const wanted = owed;
  for (const p of [...payments.filter((x) => x.method === 'cash'), ...payments.filter((x) => x.method === 'stored_value')]) {
    const t = Math.min(owed, p.method === 'stored_value' ? p.principalFen : p.amountFen);
    p.amountFen -= t;
    p.shortfallFen = t;
    if (p.method === 'stored_value') p.principalFen -= t;
    owed -= t;
  }
  const shortfallFen = wanted - owed;
  return { lines, goodsFen, payments, pointsReturned, pointsClawback, shortfallPoints, shortfallFen, refundFen: goodsFen - shortfallFen };
}

// ---- checks ----------------------------------------------------------------------------------------

const CHANGED_BY_WRITES = ['ledger_txns', 'ledger_entries', 'ledger_lots', 'orders', 'order_returns', 'order_payments', 'coupons', 'coupon_uses', 'topups', 'wallet_transfers', 'audit_log'] as const;
const rowCounts = (w: World) => countRows(system.db.kysely, CHANGED_BY_WRITES, w.merchantId);

async function checkWorld(w: World) {
  for (let i = 0; i < w.members.length; i++) {
    const res = await w.api.get(`/api/members/${w.members[i]!.id}/wallet`);
    expect(res.status).toBe(200);
    const { principalFen, bonusFen, storedValueFen, points, pointsExpiring } = res.body;
    expect({ principalFen, bonusFen, storedValueFen, points, pointsExpiring: sortExpiring(pointsExpiring) }, `wallet of member ${i}`).toEqual(walletView(w, i));
  }
  const list = await w.api.get('/api/coupons?pageSize=500');
  expect(list.status).toBe(200);
  const actual = Object.fromEntries((list.body.items as { code: string; status: string }[]).map((c) => [c.code, c.status]));
  expect(actual, 'coupon statuses').toEqual(Object.fromEntries(w.coupons.map((c) => [c.code, couponStatus(c)])));
  expect(await ledgerProblems(system.db.kysely, w.merchantId)).toEqual([]);
}

function expectError(res: ApiResponse, status: number, code: string, field?: string) {
  expect({ status: res.status, code: res.body?.error?.code }, JSON.stringify(res.body)).toEqual({ status, code });
  if (field !== undefined) expect(res.body.error.field).toBe(field);
}

function expectStatus(res: ApiResponse, status: number) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
}

/** how often each outcome came up, printed with MODEL_STATS=1 (to see that runs reach them) */
const stats = new Map<string, number>();
const stat = (k: string) => stats.set(k, (stats.get(k) ?? 0) + 1);
afterAll(() => {
  if (process.env.MODEL_STATS) console.log([...stats].sort().map(([k, v]) => `${k}: ${v}`).join('\n'));
});
const outcome = (what: string, res: ApiResponse) => stat(`${what} ${res.status}${res.body?.error?.code ? ` ${res.body.error.code}` : ''}`);

// ---- one run's world -------------------------------------------------------------------------------

async function ok(res: Promise<ApiResponse> | ApiResponse, status: number, what: string) {
  const r = await res;
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function signIn(w: World) {
  await w.api.login(ADMIN.username, ADMIN.password, w.code);
  await ok(w.api.post('/api/auth/switch-store', { storeId: w.storeId }), 200, 'switch store');
}

async function newWorld(): Promise<World> {
  clock.set('2026-11-26T02:00:00Z');
  const code = `mb${++merchantSeq}`;
  const merchantId = await addMerchant(system, code);
  const api = new ApiClient(system);
  await api.login(ADMIN.username, ADMIN.password, code);
  const store = await createStore(api, { name: '模型测试店' });
  await ok(api.post('/api/auth/switch-store', { storeId: store.id }), 200, 'switch store');
  await ok(
    api.patch('/api/settings', { sessionIdleMinutes: 1440, wallet: { spendSplit: 'proportional', pointsExpiry: { mode: 'days', days: POINTS_DAYS }, earnRateBp: 10_000, pointsPerYuan: 100, maxPointsShareBp: 5_000, balanceSms: false } }),
    200,
    'settings',
  );
  const cardType = await ok(api.post('/api/card-types', { code: 'sv', name: '储值卡', validityKind: 'permanent' }), 201, 'card type');
  await ok(api.post('/api/topup-rules', { name: '充100送20, 充500送120+200积分', storeId: null, startsOn: null, endsOn: null, tiers: TIERS, perEvery: false, installmentMonths: null }), 201, 'rule');
  const productIds: string[] = [];
  for (const [i, p] of PRODUCTS.entries()) {
    productIds.push((await ok(api.post('/api/products', { code: `MB${i}`, name: p.name, kind: 'goods', listPriceFen: p.priceFen, memberDiscountAllowed: false }), 201, 'product')).id);
  }
  const templateIds: string[] = [];
  for (const t of TEMPLATES) {
    const body = { name: t.name, kind: t.kind, valueFen: t.valueFen, rateBp: t.rateBp, maxOffFen: t.maxOffFen, minSpendFen: t.minSpendFen, validity: { kind: 'days', days: t.days }, weekdays: null, hours: null, productScope: 'all', scopeIds: [], storeIds: null, levelIds: null, perMemberLimit: t.perMemberLimit, totalQuantity: null };
    templateIds.push((await ok(api.post('/api/coupon-templates', body), 201, 'coupon template')).id);
  }
  const w: World = { merchantId, code, api, storeId: store.id, productIds, templateIds, members: [], coupons: [], orders: [], keyed: [], lotSeq: 0 };
  for (let i = 0; i < MEMBERS; i++) {
    const m = await ok(api.post('/api/members', { name: `会员${i}`, phone: phone(), homeStoreId: store.id, card: { cardTypeId: cardType.id } }), 201, 'member');
    w.members.push({ id: m.id, principal: [], bonus: [], points: [] });
  }
  // a start in every wallet, so the first commands find money, points and coupons to use: ¥100 → 10000 + 2000 bonus, 300 points, one coupon of each template
  for (const m of w.members) {
    await ok(api.post('/api/topups', { memberId: m.id, amountFen: 10_000, tenders: [{ method: 'cash', amountFen: 10_000 }] }), 201, 'top-up');
    m.principal.push(newLot(w, 10_000, null));
    m.bonus.push(newLot(w, 2_000, null));
    await ok(api.post(`/api/members/${m.id}/points/adjust`, { delta: 300, reason: '期初' }), 200, 'points');
    m.points.push(newLot(w, 300, pointsExpiry()));
  }
  for (const [t, templateId] of templateIds.entries()) {
    await ok(api.post('/api/coupons/issue', { templateId, target: { kind: 'members', memberIds: w.members.map((m) => m.id) } }), 201, 'issue');
    const items = (await ok(api.get(`/api/coupons?templateId=${templateId}&pageSize=50`), 200, 'coupons')).items as { code: string; memberId: string; validTo: string }[];
    for (const c of items) {
      const validTo = localMidnightAfter(now(), TEMPLATES[t]!.days);
      expect(c.validTo).toBe(new Date(validTo).toISOString());
      w.coupons.push({ code: c.code, template: t, member: w.members.findIndex((m) => m.id === c.memberId), validTo, status: 'available', usedBy: null });
    }
  }
  await checkWorld(w);
  return w;
}

/** Sends a write with a fresh key through `exec`, remembering it for a later retry. */
async function keyed(w: World, r: Omit<KeyedRequest, 'stored' | 'key'>): Promise<ApiResponse> {
  const entry: KeyedRequest = { ...r, key: `${r.label}-${newId()}`, stored: null };
  w.keyed.push(entry);
  return attempt(w, entry);
}

/** One attempt of a keyed write; a refusal must leave every document and ledger row as it was. */
async function attempt(w: World, r: KeyedRequest): Promise<ApiResponse> {
  const before = await rowCounts(w);
  const res = await r.exec(w, r.body, r.key);
  if (res.status < 300) r.stored = res;
  else expect(await rowCounts(w), `${r.label} refused with ${res.status} but rows changed`).toEqual(before);
  return res;
}

// ---- the operations: each predicts from the model, acts, checks the answer, updates the model -----

/** RULES R3: the highest tier whose threshold ≤ paid applies. */
const tierOf = (amountFen: number) => [...TIERS].reverse().find((t) => t.thresholdFen <= amountFen) ?? null;

async function topup(w: World, body: any, key: string): Promise<ApiResponse> {
  const i = w.members.findIndex((m) => m.id === body.memberId);
  const tier = tierOf(body.amountFen);
  const res = await w.api.post('/api/topups', body, { 'idempotency-key': key });
  outcome('topup', res);
  expectStatus(res, 201);
  const m = w.members[i]!;
  m.principal.push(newLot(w, body.amountFen, null));
  if (tier && tier.bonusFen > 0) m.bonus.push(newLot(w, tier.bonusFen, null));
  if (tier && tier.points > 0) m.points.push(newLot(w, tier.points, pointsExpiry()));
  expect(res.body).toMatchObject({ principalFen: body.amountFen, bonusFen: tier?.bonusFen ?? 0, points: tier?.points ?? 0, status: 'completed', balances: balances(w, i) });
  return res;
}

async function issueCoupon(w: World, body: any, key: string): Promise<ApiResponse> {
  const member = w.members.findIndex((m) => m.id === body.target.memberIds[0]);
  const template = w.templateIds.indexOf(body.templateId);
  const limit = TEMPLATES[template]!.perMemberLimit;
  const held = w.coupons.filter((c) => c.member === member && c.template === template).length;
  const res = await w.api.post('/api/coupons/issue', body, { 'idempotency-key': key });
  outcome('issue', res);
  if (limit !== null && held >= limit) {
    expectError(res, 409, 'COUPON_MEMBER_LIMIT', 'target.memberIds.0');
    return res;
  }
  expectStatus(res, 201);
  expect(res.body).toEqual({ members: 1, issued: 1, skippedAtLimit: 0, codes: [] });
  const items = (await ok(w.api.get(`/api/coupons?templateId=${body.templateId}&memberId=${body.target.memberIds[0]}&pageSize=50`), 200, 'coupons')).items as { code: string; validTo: string }[];
  const fresh = items.filter((c) => !w.coupons.some((x) => x.code === c.code));
  expect(fresh).toHaveLength(1);
  const validTo = localMidnightAfter(now(), TEMPLATES[template]!.days);
  expect(fresh[0]!.validTo).toBe(new Date(validTo).toISOString());
  w.coupons.push({ code: fresh[0]!.code, template, member, validTo, status: 'available', usedBy: null });
  return res;
}

async function checkout(w: World, body: any, key: string): Promise<ApiResponse> {
  const i = w.members.findIndex((m) => m.id === body.memberId);
  const m = w.members[i]!;
  const lines = (body.lines as { productId: string; quantity: number }[]).map((l) => ({ product: w.productIds.indexOf(l.productId), quantity: l.quantity }));
  const code: string | null = body.couponCodes[0] ?? null;
  const coupon = code === null ? null : w.coupons.find((c) => c.code === code)!;
  const template = coupon ? TEMPLATES[coupon.template]! : null;
  const priced = priceCart(lines, template);
  const pay = (method: Method) => (body.payments as { method: Method; amountFen?: number; points?: number }[]).find((p) => p.method === method);
  const svFen = pay('stored_value')?.amountFen ?? 0;
  const pointsUsed = pay('points')?.points ?? 0;
  const b = balances(w, i);
  const at = now();

  const res = await w.api.post('/api/checkout', body, { 'idempotency-key': key });
  outcome('checkout', res);
  // the order of the checks: the coupon (R8) while pricing, then the stored value (R3), then the points cap (R4) and the lots
  if (coupon && coupon.status === 'used') return (expectError(res, 409, 'COUPON_USED', 'couponCodes.0'), res);
  if (coupon && coupon.member !== i) return (expectError(res, 409, 'COUPON_OTHER_MEMBER', 'couponCodes.0'), res);
  if (coupon && coupon.validTo <= at) return (expectError(res, 409, 'COUPON_EXPIRED', 'couponCodes.0'), res);
  if (!priced.minSpendMet) return (expectError(res, 409, 'COUPON_MIN_SPEND_NOT_MET', 'couponCodes.0'), res);
  if (svFen > b.principalFen + b.bonusFen) return (expectError(res, 409, 'WALLET_INSUFFICIENT_FUNDS'), res);
  // the cap counts only points that can still be spent (lots past their expiry are not, swept or not)
  const max = maxPoints(priced.totalFen, spendable(m.points, at));
  if (pointsUsed > max) {
    expectError(res, 409, 'CHECKOUT_POINTS_OVER_LIMIT', 'payments');
    expect(res.body.error.details).toMatchObject({ maxPoints: max });
    return res;
  }

  expectStatus(res, 201);
  stat(`checkout paid with ${[coupon ? 'coupon' : '', svFen ? 'stored value' : '', pointsUsed ? 'points' : '', priced.totalFen - svFen - pointsUsed ? 'cash' : ''].filter(Boolean).join(' + ')}`);
  const orderId: string = res.body.id;
  if (coupon) Object.assign(coupon, { status: 'used', usedBy: orderId });
  // R3: principal part = round_half_up(amount × principal / (principal + bonus))
  const principalFen = svFen === 0 ? 0 : roundHalfUpRatio(svFen, b.principalFen, b.principalFen + b.bonusFen);
  const bonusFen = svFen - principalFen;
  if (principalFen > 0) take(m.principal, principalFen);
  if (bonusFen > 0) take(m.bonus, bonusFen);
  if (pointsUsed > 0) take(m.points, pointsUsed);
  // R4: 1 point per ¥1 of what was paid, points used as cash and bonus value do not earn, floored once
  const pointsEarned = Math.floor((priced.totalFen - pointsUsed - bonusFen) / 100);
  if (pointsEarned > 0) m.points.push(newLot(w, pointsEarned, pointsExpiry()));
  const payments: PaymentModel[] = (body.payments as { method: Method; amountFen?: number; points?: number }[]).map((p, n) => ({
    seq: n + 1,
    method: p.method,
    amountFen: p.method === 'points' ? p.points! : p.amountFen!,
    points: p.points ?? 0,
    principalFen: p.method === 'stored_value' ? principalFen : 0,
    bonusFen: p.method === 'stored_value' ? bonusFen : 0,
  }));
  w.orders.push({
    id: orderId,
    member: i,
    totalFen: priced.totalFen,
    pointsEarned,
    lines: lines.map((l, n) => ({ seq: n + 1, ...l, amountFen: priced.amounts[n]! })),
    payments,
    coupon: code,
    returns: [],
  });
  expect(res.body).toMatchObject({
    subtotalFen: priced.subtotalFen,
    couponDiscountFen: priced.couponFen,
    totalFen: priced.totalFen,
    pointsEarned,
    coupons: code ? [{ code, amountFen: priced.couponFen }] : [],
    balances: balances(w, i),
  });
  expect(res.body.lines.map((l: { amountFen: number }) => l.amountFen)).toEqual(priced.amounts);
  expect(res.body.payments.map((p: PaymentModel) => ({ method: p.method, amountFen: p.amountFen, points: p.points, principalFen: p.principalFen, bonusFen: p.bonusFen }))).toEqual(
    payments.map(({ method, amountFen, points, principalFen: pf, bonusFen: bf }) => ({ method, amountFen, points, principalFen: pf, bonusFen: bf })),
  );
  return res;
}

/** the returnedQuantity of each line, as GET /api/orders/:id shows it */
async function checkOrder(w: World, o: OrderModel) {
  const detail = await ok(w.api.get(`/api/orders/${o.id}`), 200, 'order');
  const s = orderState(o);
  expect(detail.lines.map((l: { seq: number; returnedQuantity: number }) => [l.seq, l.returnedQuantity])).toEqual(s.lines.map((l) => [l.seq, l.returnedQuantity]));
}

/** A return of `request` ('all' = a void): predicted with planReturn, then the member's lots and the coupon move. */
async function returnOrVoid(w: World, orderId: string, request: { seq: number; quantity: number }[] | 'all', body: any, key: string): Promise<ApiResponse> {
  const o = w.orders.find((x) => x.id === orderId)!;
  const m = w.members[o.member]!;
  const s = orderState(o);
  const lines = request === 'all' ? s.lines.filter((l) => l.quantity > l.returnedQuantity).map((l) => ({ seq: l.seq, quantity: l.quantity - l.returnedQuantity })) : request;
  const at = now();
  // points past their expiry (not yet swept by the job) cannot be clawed back, so they do not cover a shortfall
  const plan = lines.length ? planReturn(o, lines, spendable(m.points, at)) : null;
  const url = request === 'all' ? `/api/orders/${o.id}/void` : `/api/orders/${o.id}/returns`;
  const res = await w.api.post(url, body, { 'idempotency-key': key });
  outcome(request === 'all' ? 'void' : 'return', res);
  if (lines.length === 0) return (expectError(res, 409, 'ORDER_NOTHING_LEFT', 'id'), res);
  if (!plan) return (expectError(res, 409, 'ORDER_RETURN_INVALID', 'lines'), res);
  // the ledger: stored value and spent points come back as new lots, then the clawback takes the soonest-expiring points
  const clawed = plan.pointsClawback - plan.shortfallPoints;
  expectStatus(res, 201);
  const credited: ReturnModel['credited'] = [];
  for (const p of plan.payments) {
    if (p.method !== 'stored_value') continue;
    if (p.principalFen > 0) credited.push({ lot: newLot(w, p.principalFen, null), amount: p.principalFen });
    if (p.principalFen > 0) m.principal.push(credited.at(-1)!.lot);
    if (p.bonusFen > 0) credited.push({ lot: newLot(w, p.bonusFen, null), amount: p.bonusFen });
    if (p.bonusFen > 0) m.bonus.push(credited.at(-1)!.lot);
  }
  if (plan.pointsReturned > 0) {
    const lot = newLot(w, plan.pointsReturned, pointsExpiry());
    m.points.push(lot);
    credited.push({ lot, amount: plan.pointsReturned });
  }
  const debited = clawed > 0 ? take(m.points, clawed) : [];
  // R8: everything left back → the coupon back while valid, an expired one stays used; either way its use is released
  const everything = s.lines.every((l) => l.quantity - l.returnedQuantity === sum(lines.filter((r) => r.seq === l.seq).map((r) => r.quantity)));
  const released: string[] = [];
  const restored: string[] = [];
  const keptUsed: string[] = [];
  const coupon = o.coupon ? w.coupons.find((c) => c.code === o.coupon)! : null;
  if (everything && coupon && coupon.status === 'used' && coupon.usedBy === o.id) {
    released.push(coupon.code);
    if (coupon.validTo > at) {
      Object.assign(coupon, { status: 'available', usedBy: null });
      restored.push(coupon.code);
    } else keptUsed.push(coupon.code);
  }
  o.returns.push({ id: res.body.id, kind: request === 'all' ? 'void' : 'return', restores: null, ...plan, credited, debited, released });
  if (plan.shortfallPoints > 0) stat('return with a points shortfall');
  if (restored.length) stat('return gave the coupon back');
  if (keptUsed.length) stat('return kept an expired coupon used');
  expect(res.body).toMatchObject({
    kind: request === 'all' ? 'void' : 'return',
    lines: plan.lines,
    goodsFen: plan.goodsFen,
    payments: plan.payments.map(({ shortfallFen: _s, ...p }) => p),
    pointsReturned: plan.pointsReturned,
    pointsClawback: plan.pointsClawback,
    shortfallPoints: plan.shortfallPoints,
    shortfallFen: plan.shortfallFen,
    refundFen: plan.refundFen,
    couponsRestored: restored,
    couponsKeptUsed: keptUsed,
    balances: balances(w, o.member),
  });
  await checkOrder(w, o);
  return res;
}

async function restore(w: World, orderId: string, body: any, key: string): Promise<ApiResponse> {
  const o = w.orders.find((x) => x.id === orderId)!;
  const last = o.returns.at(-1);
  const res = await w.api.post(`/api/orders/${o.id}/restore`, body, { 'idempotency-key': key });
  outcome('restore', res);
  if (!last || last.kind !== 'void' || o.returns.some((r) => r.restores === last.id)) return (expectError(res, 409, 'ORDER_NOT_VOIDED', 'id'), res);
  // the void's credits are taken back from the very lots they made: refused once one of them was used (or expired and swept)
  const ledgerBlocked = last.credited.some((c) => c.lot.remaining < c.amount);
  // its coupon is used by the order again: refused if another order has used it since
  const couponBlocked = last.released.some((code) => {
    const c = w.coupons.find((x) => x.code === code)!;
    return c.status === 'used' && c.usedBy !== o.id;
  });
  if (ledgerBlocked || couponBlocked) return (expectError(res, 409, 'ORDER_RESTORE_BLOCKED', 'id'), res);
  expectStatus(res, 201);
  for (const c of last.credited) c.lot.remaining -= c.amount;
  // the clawback goes back to the lots it took from, even one past its expiry (the next expiry job sweeps it)
  for (const d of last.debited) d.lot.remaining += d.amount;
  for (const code of last.released) Object.assign(w.coupons.find((x) => x.code === code)!, { status: 'used', usedBy: o.id });
  o.returns.push({
    id: res.body.id,
    kind: 'restore',
    restores: last.id,
    lines: last.lines.map((l) => ({ ...l, quantity: neg(l.quantity), amountFen: neg(l.amountFen) })),
    payments: last.payments.map((p) => ({ ...p, amountFen: neg(p.amountFen), points: neg(p.points), principalFen: neg(p.principalFen), bonusFen: neg(p.bonusFen), shortfallFen: neg(p.shortfallFen) })),
    goodsFen: neg(last.goodsFen),
    refundFen: neg(last.refundFen),
    pointsReturned: neg(last.pointsReturned),
    pointsClawback: neg(last.pointsClawback),
    shortfallPoints: neg(last.shortfallPoints),
    shortfallFen: neg(last.shortfallFen),
    credited: [],
    debited: [],
    released: [],
  });
  expect(res.body).toMatchObject({ kind: 'restore', goodsFen: neg(last.goodsFen), refundFen: neg(last.refundFen), pointsClawback: neg(last.pointsClawback), pointsReturned: neg(last.pointsReturned), shortfallFen: neg(last.shortfallFen), balances: balances(w, o.member) });
  await checkOrder(w, o);
  return res;
}

async function transfer(w: World, body: any, key: string): Promise<ApiResponse> {
  const from = w.members.findIndex((m) => m.id === body.fromMemberId);
  const to = w.members.findIndex((m) => m.id === body.toMemberId);
  const before = balances(w, from);
  const toBefore = balances(w, to);
  const a = w.members[from]!;
  const b = w.members[to]!;
  const res = await w.api.post('/api/wallet/transfers', body, { 'idempotency-key': key });
  outcome('transfer', res);
  if (body.principalFen + body.bonusFen + body.points === 0) return (expectError(res, 400, 'WALLET_NOTHING_TO_MOVE', 'principalFen'), res);
  if (body.principalFen > before.principalFen) return (expectError(res, 409, 'WALLET_INSUFFICIENT_FUNDS', 'principalFen'), res);
  if (body.bonusFen > before.bonusFen) return (expectError(res, 409, 'WALLET_INSUFFICIENT_FUNDS', 'bonusFen'), res);
  if (body.points > spendable(a.points, now())) return (expectError(res, 409, 'WALLET_INSUFFICIENT_POINTS', 'points'), res);
  expectStatus(res, 201);
  // R13: principal stays principal, bonus stays bonus, points keep their expiry
  if (body.principalFen > 0) {
    take(a.principal, body.principalFen);
    b.principal.push(newLot(w, body.principalFen, null));
  }
  if (body.bonusFen > 0) {
    take(a.bonus, body.bonusFen);
    b.bonus.push(newLot(w, body.bonusFen, null));
  }
  if (body.points > 0) for (const t of take(a.points, body.points)) b.points.push(newLot(w, t.amount, t.lot.expiresAt));
  expect(res.body.from).toMatchObject({ before, after: balances(w, from) });
  expect(res.body.to).toMatchObject({ before: toBefore, after: balances(w, to) });
  return res;
}

// ---- the commands ----------------------------------------------------------------------------------

type Cmd = fc.AsyncCommand<World, World>;

/** a share in ‰ of something, often a small one */
const perMille = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 150 }));
/** members 0 and 1 more often than 2, so commands meet on the same wallets */
const member = fc.constantFrom(0, 0, 1, 1, 2);
const part = (n: number, pm: number) => Math.floor((n * pm) / 1000);

/** Every command is checked, then the whole world: wallets, coupons, ledger. */
abstract class Command implements Cmd {
  check(_w: Readonly<World>): boolean {
    return true;
  }
  abstract act(w: World): Promise<void>;
  abstract toString(): string;
  async run(w: World): Promise<void> {
    try {
      await this.act(w);
      await checkWorld(w);
    } catch (err) {
      if (err instanceof Error) err.message = `${this.toString()} at ${clock.now().toISOString()}: ${err.message}`;
      throw err;
    }
  }
}

class TopupCmd extends Command {
  constructor(readonly p: { member: number; amount: number }) {
    super();
  }
  toString() {
    return `topup(m${this.p.member}, ${this.p.amount})`;
  }
  async act(w: World) {
    const body = { memberId: w.members[this.p.member]!.id, amountFen: this.p.amount, tenders: [{ method: 'cash', amountFen: this.p.amount }] };
    await keyed(w, { label: 'topup', url: '/api/topups', body, otherBody: { ...body, note: '另一个备注' }, exec: topup });
  }
}

class IssueCmd extends Command {
  constructor(readonly p: { member: number; template: number }) {
    super();
  }
  toString() {
    return `issue(m${this.p.member}, ${TEMPLATES[this.p.template]!.name})`;
  }
  async act(w: World) {
    const body = { templateId: w.templateIds[this.p.template], target: { kind: 'members', memberIds: [w.members[this.p.member]!.id] } };
    await keyed(w, { label: 'issue', url: '/api/coupons/issue', body, otherBody: { ...body, perMember: 2 }, exec: issueCoupon });
  }
}

interface CheckoutParams {
  member: number;
  lines: { product: number; quantity: number }[];
  /** none, one of the member's coupons (the n-th, any status), or another member's */
  coupon: { whose: 'own' | 'other'; n: number } | null;
  sv: 'none' | 'part' | 'all' | 'over';
  svPerMille: number;
  points: 'none' | 'part' | 'max' | 'over';
  pointsPerMille: number;
  over: number;
}

class CheckoutCmd extends Command {
  constructor(readonly p: CheckoutParams) {
    super();
  }
  toString() {
    const p = this.p;
    const c = p.coupon ? ` coupon ${p.coupon.whose}#${p.coupon.n}` : '';
    return `checkout(m${p.member}, [${p.lines.map((l) => `p${l.product}×${l.quantity}`).join(' ')}]${c}, sv ${p.sv}${p.sv === 'part' ? ` ${p.svPerMille}‰` : ''}, points ${p.points}${p.points === 'part' ? ` ${p.pointsPerMille}‰` : ''}${p.sv === 'over' || p.points === 'over' ? ` +${p.over}` : ''})`;
  }
  async act(w: World) {
    const p = this.p;
    const i = p.member;
    const mine = w.coupons.filter((c) => (p.coupon?.whose === 'other' ? c.member !== i : c.member === i));
    const coupon = p.coupon && mine.length ? mine[p.coupon.n % mine.length]! : null;
    // the payments add up to the total with the coupon; a refused coupon stops the sale before they count
    const { totalFen } = priceCart(p.lines, coupon ? TEMPLATES[coupon.template]! : null);
    const b = balances(w, i);
    const sv = b.principalFen + b.bonusFen;
    const svFen = Math.min(totalFen, p.sv === 'none' ? 0 : p.sv === 'part' ? part(Math.min(sv, totalFen), p.svPerMille) : p.sv === 'all' ? sv : sv + p.over);
    const rest = totalFen - svFen;
    const max = maxPoints(totalFen, b.points);
    const points = Math.min(rest, p.points === 'none' ? 0 : p.points === 'part' ? part(Math.min(max, rest), p.pointsPerMille) : p.points === 'max' ? max : max + p.over);
    const cash = rest - points;
    const payments = [
      ...(svFen > 0 ? [{ method: 'stored_value', amountFen: svFen }] : []),
      ...(points > 0 ? [{ method: 'points', points }] : []),
      ...(cash > 0 ? [{ method: 'cash', amountFen: cash }] : []),
    ];
    const body = { memberId: w.members[i]!.id, lines: p.lines.map((l) => ({ productId: w.productIds[l.product], quantity: l.quantity })), couponCodes: coupon ? [coupon.code] : [], payments };
    await keyed(w, { label: 'checkout', url: '/api/checkout', body, otherBody: { ...body, rounding: 'drop_fen' }, exec: checkout });
  }
}

class ReturnCmd extends Command {
  constructor(readonly p: { order: number; lines: { line: number; quantity: number }[]; over: boolean }) {
    super();
  }
  override check(w: Readonly<World>) {
    return w.orders.length > 0;
  }
  toString() {
    return `return(order#${this.p.order}, [${this.p.lines.map((l) => `line#${l.line}×${l.quantity}`).join(' ')}]${this.p.over ? ', more than is left' : ''})`;
  }
  async act(w: World) {
    const o = w.orders[this.p.order % w.orders.length]!;
    const s = orderState(o);
    const wanted = new Map<number, number>();
    for (const l of this.p.lines) {
      const line = s.lines[l.line % s.lines.length]!;
      const left = line.quantity - line.returnedQuantity - (wanted.get(line.seq) ?? 0);
      const q = this.p.over ? left + l.quantity : Math.min(left, l.quantity);
      if (q > 0) wanted.set(line.seq, (wanted.get(line.seq) ?? 0) + q);
    }
    // nothing left on the chosen lines: ask for one anyway, which must be refused
    const request = wanted.size ? [...wanted].map(([seq, quantity]) => ({ seq, quantity })) : [{ seq: s.lines[this.p.lines[0]!.line % s.lines.length]!.seq, quantity: 1 }];
    const body = { lines: request, reason: '顾客退货' };
    await keyed(w, { label: 'return', url: `/api/orders/${o.id}/returns`, body, otherBody: { ...body, reason: '另一个原因' }, exec: (ww, bd, k) => returnOrVoid(ww, o.id, bd.lines, bd, k) });
  }
}

class VoidCmd extends Command {
  constructor(readonly p: { order: number }) {
    super();
  }
  override check(w: Readonly<World>) {
    return w.orders.length > 0;
  }
  toString() {
    return `void(order#${this.p.order})`;
  }
  async act(w: World) {
    const o = w.orders[this.p.order % w.orders.length]!;
    await keyed(w, { label: 'void', url: `/api/orders/${o.id}/void`, body: { reason: '整单撤销' }, otherBody: { reason: '另一个原因' }, exec: (ww, bd, k) => returnOrVoid(ww, o.id, 'all', bd, k) });
  }
}

class RestoreCmd extends Command {
  constructor(readonly p: { order: number; lastVoided: boolean }) {
    super();
  }
  override check(w: Readonly<World>) {
    return w.orders.length > 0;
  }
  toString() {
    return `restore(${this.p.lastVoided ? 'the latest void' : `order#${this.p.order}`})`;
  }
  async act(w: World) {
    // mostly the order voided last, so a restore usually has something to restore
    const voided = w.orders.filter((o) => o.returns.at(-1)?.kind === 'void');
    const o = this.p.lastVoided && voided.length ? voided.at(-1)! : w.orders[this.p.order % w.orders.length]!;
    await keyed(w, { label: 'restore', url: `/api/orders/${o.id}/restore`, body: { reason: '误撤恢复' }, otherBody: { reason: '另一个原因' }, exec: (ww, bd, k) => restore(ww, o.id, bd, k) });
  }
}

class TransferCmd extends Command {
  constructor(readonly p: { from: number; toOffset: number; principal: number; bonus: number; points: number; over: 'principal' | 'bonus' | 'points' | null; overBy: number }) {
    super();
  }
  toString() {
    const p = this.p;
    return `transfer(m${p.from} → m${(p.from + p.toOffset) % MEMBERS}, ${p.principal}‰ principal, ${p.bonus}‰ bonus, ${p.points}‰ points${p.over ? `, ${p.over} +${p.overBy} over the balance` : ''})`;
  }
  async act(w: World) {
    const p = this.p;
    const b = balances(w, p.from);
    const body = {
      fromMemberId: w.members[p.from]!.id,
      toMemberId: w.members[(p.from + p.toOffset) % MEMBERS]!.id,
      principalFen: p.over === 'principal' ? b.principalFen + p.overBy : part(b.principalFen, p.principal),
      bonusFen: p.over === 'bonus' ? b.bonusFen + p.overBy : part(b.bonusFen, p.bonus),
      points: p.over === 'points' ? b.points + p.overBy : part(b.points, p.points),
      reason: '转给家人',
    };
    await keyed(w, { label: 'transfer', url: '/api/wallet/transfers', body, otherBody: { ...body, reason: '另一个原因' }, exec: transfer });
  }
}

/**
 * Time passes (a coupon or a points lot may end), then mostly the expiry job runs; sometimes not
 * yet, as between two runs of the scheduled job: a lot past its expiry then still counts in the
 * balance but cannot be spent.
 */
class ExpireCmd extends Command {
  constructor(readonly p: { days: number; hours: number; runJob: boolean }) {
    super();
  }
  toString() {
    return `advance(${this.p.days}d ${this.p.hours}h)${this.p.runJob ? ' + expiry job' : ', job not run yet'}`;
  }
  async act(w: World) {
    clock.advance(this.p.days * DAY + this.p.hours * HOUR);
    // the session went idle while the clock moved
    await signIn(w);
    if (!this.p.runJob) {
      stat('expiry: job not run yet');
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
    const at = now();
    let expired = 0;
    for (const m of w.members) {
      for (const l of m.points) {
        if (l.expiresAt !== null && l.expiresAt <= at && l.remaining > 0) {
          l.remaining = 0;
          expired++;
        }
      }
    }
    stat(expired ? 'expiry: lots swept' : 'expiry: nothing to sweep');
  }
}

/** The same key again: with the same body the stored answer comes back and nothing moves; with another body 422. */
class RetryCmd extends Command {
  constructor(readonly p: { back: number; otherBody: boolean }) {
    super();
  }
  override check(w: Readonly<World>) {
    return w.keyed.length > 0;
  }
  toString() {
    return `retry(${this.p.back === 0 ? 'the previous write' : `write −${this.p.back + 1}`}${this.p.otherBody ? ', another body' : ''})`;
  }
  async act(w: World) {
    const r = w.keyed[Math.max(0, w.keyed.length - 1 - this.p.back)]!;
    if (this.p.otherBody) {
      // (a refused request freed its key: another body would simply be a new request)
      if (!r.stored) return;
      stat(`retry ${r.label} with another body`);
      const before = await rowCounts(w);
      expectError(await w.api.post(r.url, r.otherBody, { 'idempotency-key': r.key }), 422, 'IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key');
      expect(await rowCounts(w), 'a 422 moved something').toEqual(before);
      return;
    }
    if (!r.stored) {
      // a refused request freed its key: the retry is a fresh attempt, judged on the model as it is now
      stat(`retry ${r.label} after a refusal`);
      await attempt(w, r);
      return;
    }
    stat(`retry ${r.label} replayed`);
    const before = await rowCounts(w);
    const res = await w.api.post(r.url, r.body, { 'idempotency-key': r.key });
    expect({ status: res.status, body: res.body, replayed: res.headers['idempotent-replayed'] }).toEqual({ status: r.stored.status, body: r.stored.body, replayed: 'true' });
    expect(await rowCounts(w), 'a replay moved something').toEqual(before);
  }
}

const commands = [
  fc.record({ member, amount: fc.oneof(fc.integer({ min: 100, max: 30_000 }), fc.constantFrom(9_999, 10_000, 49_999, 50_000, 60_000)) }).map((p) => new TopupCmd(p)),
  fc.record({ member, template: fc.integer({ min: 0, max: TEMPLATES.length - 1 }) }).map((p) => new IssueCmd(p)),
  ...Array.from({ length: 4 }, () =>
    fc
      .record({
        member,
        lines: fc.uniqueArray(fc.record({ product: fc.integer({ min: 0, max: PRODUCTS.length - 1 }), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3, selector: (l) => l.product }),
        coupon: fc.oneof(
          { arbitrary: fc.constant(null), weight: 2 },
          { arbitrary: fc.record({ whose: fc.constant('own' as const), n: fc.nat(20) }), weight: 5 },
          { arbitrary: fc.record({ whose: fc.constant('other' as const), n: fc.nat(20) }), weight: 1 },
        ),
        sv: fc.constantFrom('none' as const, 'part' as const, 'part' as const, 'all' as const, 'over' as const),
        svPerMille: perMille,
        points: fc.constantFrom('none' as const, 'part' as const, 'part' as const, 'max' as const, 'over' as const),
        pointsPerMille: perMille,
        over: fc.integer({ min: 1, max: 500 }),
      })
      .map((p) => new CheckoutCmd(p)),
  ),
  ...Array.from({ length: 2 }, () =>
    fc
      .record({ order: fc.nat(30), lines: fc.array(fc.record({ line: fc.nat(5), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3 }), over: fc.constantFrom(false, false, false, true) })
      .map((p) => new ReturnCmd(p)),
  ),
  fc.record({ order: fc.nat(30) }).map((p) => new VoidCmd(p)),
  fc.record({ order: fc.nat(30), lastVoided: fc.constantFrom(true, true, false) }).map((p) => new RestoreCmd(p)),
  fc
    .record({
      from: member,
      toOffset: fc.integer({ min: 1, max: MEMBERS - 1 }),
      principal: perMille,
      bonus: perMille,
      points: perMille,
      over: fc.constantFrom(null, null, null, 'principal' as const, 'bonus' as const, 'points' as const),
      overBy: fc.integer({ min: 1, max: 3_000 }),
    })
    .map((p) => new TransferCmd(p)),
  fc.record({ days: fc.integer({ min: 0, max: 5 }), hours: fc.integer({ min: 0, max: 23 }), runJob: fc.constantFrom(true, true, true, false) }).map((p) => new ExpireCmd(p)),
  ...Array.from({ length: 2 }, () => fc.record({ back: fc.oneof(fc.constant(0), fc.constant(0), fc.nat(4)), otherBody: fc.constantFrom(false, false, false, true) }).map((p) => new RetryCmd(p))),
];

// ---- the property ------------------------------------------------------------------------------------

describe('model-based: till, returns, coupons and wallet against an in-memory model (issue #7)', () => {
  const timeout = Math.max(180_000, RUNS * 15_000);
  it(
    `random interleavings keep every wallet, coupon and the ledger equal to the model (${RUNS} runs of ≤ ${MAX_COMMANDS} commands, seed ${SEED})`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: MAX_COMMANDS, size: 'max', ...(REPLAY ? { replayPath: REPLAY } : {}) }), async (cmds) => {
          const w = await newWorld();
          await fc.asyncModelRun(() => ({ model: w, real: w }), cmds);
          stat('sequences run');
          stats.set('commands run', (stats.get('commands run') ?? 0) + [...cmds].filter((c) => (c as unknown as { hasRan?: boolean }).hasRan).length);
        }),
        {
          numRuns: RUNS,
          seed: SEED,
          ...(PATH ? { path: PATH } : {}),
          ...(process.env.MODEL_NO_SHRINK ? { endOnFailure: true } : {}),
          // report what shrinking found before the test's own timeout ends it
          interruptAfterTimeLimit: timeout - 20_000,
          markInterruptAsFailure: true,
        },
      );
    },
    timeout,
  );
});

// ---- bugs the model found, each as its smallest input (both fixed) ------------------------------------

describe('bugs found by the model', () => {
  it('RULES R9: a void is not refused because the member holds points past their expiry that the expiry job has not swept yet — it does what its preview says', async () => {
    const w = await newWorld();
    const m = w.members[0]!;
    // the member's opening 300 points expire 7 days from now; 3 days on, a ¥55.00 cash sale earns 55 points (expiring 7 days later)
    clock.advance(3 * DAY);
    await signIn(w);
    const sale = await ok(w.api.post('/api/checkout', { memberId: m.id, lines: [{ productId: w.productIds[1], quantity: 1 }], payments: [{ method: 'cash', amountFen: 5_500 }] }), 201, 'sale');
    expect(sale.pointsEarned).toBe(55);
    // an hour after the 300 expired, before the scheduled job swept them, the member spends the 55 that can still be spent
    clock.advance(4 * DAY + HOUR);
    await signIn(w);
    expect((await w.api.post(`/api/members/${m.id}/points/adjust`, { delta: -55, reason: '兑换礼品' })).status).toBe(200);
    const preview = await ok(w.api.post(`/api/orders/${sale.id}/returns/preview`, { lines: [{ seq: 1, quantity: 1 }] }), 200, 'preview');
    const voided = await w.api.post(`/api/orders/${sale.id}/void`, { reason: '退货' });
    // was: 409 WALLET_INSUFFICIENT_POINTS (no field) while the preview promised refundFen 5500 with no shortfall
    expect({ status: voided.status, error: voided.body.error?.code }).toEqual({ status: 201, error: undefined });
    expect({ refundFen: voided.body.refundFen, shortfallFen: voided.body.shortfallFen }).toEqual({ refundFen: preview.refundFen, shortfallFen: preview.shortfallFen });
    expect(await ledgerProblems(system.db.kysely, w.merchantId)).toEqual([]);
  });

  it('RULES R14: a return naming the same line twice is a 4xx naming the field, not a 500, and writes nothing', async () => {
    const w = await newWorld();
    const sale = await ok(w.api.post('/api/checkout', { memberId: w.members[0]!.id, lines: [{ productId: w.productIds[0], quantity: 2 }], payments: [{ method: 'cash', amountFen: 2_468 }] }), 201, 'sale');
    const before = await rowCounts(w);
    const res = await w.api.post(`/api/orders/${sale.id}/returns`, { lines: [{ seq: 1, quantity: 1 }, { seq: 1, quantity: 1 }], reason: '重复' });
    // was: 500 INTERNAL_ERROR (the second return line of seq 1 broke a unique key)
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.error.field).toMatch(/^lines/);
    expect(await rowCounts(w)).toEqual(before);
  });
});
