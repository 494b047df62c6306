import { performance } from 'node:perf_hooks';
import type { AccessContext } from '../src/platform/context';
import { claimKey, requestHash } from '../src/platform/idempotency';
import { checkoutInput, type CheckoutInput } from '../src/modules/orders/orders.schemas';
import type { System } from '../src/server';
import { BenchApi } from './lib/api';
import { log, makeTarget, median, round2, type BenchOptions } from './lib/common';
import { buildPlan, pgReplayer, sqliteReplayer, type Replayer } from './lib/replay';
import { BENCH_ADMIN, BENCH_MERCHANT, checkoutBody, seedShop } from './lib/shop';
import { openRecordingSystem, openSystem, openSystemWithStatementCache, type RecordedStatement } from './lib/system';

export interface CheckoutResult {
  dialect: 'sqlite' | 'postgres';
  /** statements of one checkout: the idempotency claim, BEGIN, the transaction's statements, COMMIT */
  statementsPerCheckout: number;
  statementKinds: Record<string, number>;
  inProcessPerSec: number;
  rawPerSec: number;
  ratio: number;
  /** the same in-process loop with the outbox worker nudged after each commit, as the server does */
  inProcessWithOutboxPerSec: number;
  /** SQLite: the same in-process checkout through a Kysely whose driver reuses prepared statements (the proposed fix) */
  inProcessCachedPerSec: number | null;
  rounds: { inProcess: number; raw: number; inProcessWithOutbox: number; inProcessCached: number | null }[];
  /** SQLite: the statements of the raw replay that take longest, mean µs per checkout */
  slowestRawStatements: { sql: string; us: number }[];
  /** SQLite: mean µs per checkout spent inside the driver on all statements of the raw replay */
  rawDriverUsPerCheckout: number | null;
  sampleStatements: string[];
}

/**
 * One member checkout as POST /api/checkout runs it, minus HTTP: the idempotency claim
 * (preHandler), then CheckoutFlow.pay inside Writer.run with the key completed in the transaction.
 */
export function inProcessCheckout(system: System, ctx: AccessContext, input: CheckoutInput) {
  return async (key: string) => {
    const hash = requestHash({ method: 'POST', url: '/api/checkout', staffId: ctx.staffId, body: input });
    const claim = await claimKey(system.db.kysely, ctx.merchantId, key, hash, system.clock.now());
    if (claim.kind !== 'claimed') throw new Error(`idempotency key ${key} not claimed: ${claim.kind}`);
    return system.services.writer.run(ctx, (w) => system.services.checkout.pay(w, ctx, input, null), { idempotencyKey: key, responseStatus: 201 });
  };
}

async function accessOfSession(system: System, token: string): Promise<AccessContext> {
  const session = await system.services.auth.resolveSession(token, '127.0.0.1');
  if (!session) throw new Error('bench session not found');
  return session.access;
}

/** Runs `fn` back to back for `seconds`; checkouts per second. */
async function timed(seconds: number, fn: (n: number) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let n = 0;
  while (performance.now() < end) await fn(n++);
  return n / ((performance.now() - t0) / 1000);
}

function kindOf(sql: string): string {
  const s = sql.trim().toLowerCase();
  const verb = s.split(/\s+/)[0] ?? '';
  if (verb === 'insert') return /on conflict/.test(s) ? 'insert … on conflict' : 'insert';
  return verb;
}

export async function benchCheckout(dialect: 'sqlite' | 'postgres', opts: BenchOptions): Promise<CheckoutResult> {
  const target = await makeTarget(dialect, opts, 'checkout');
  const runTag = Date.now().toString(36);
  let measured: System | undefined;
  let recording: System | undefined;
  let replayer: Replayer | undefined;
  let cached: System | undefined;
  try {
    measured = await openSystem(target);
    const api = BenchApi.inject(measured);
    await api.login(BENCH_MERCHANT, BENCH_ADMIN.username, BENCH_ADMIN.password);
    // one member with far more stored value than the run can spend (¥1 per checkout)
    const shop = await seedShop(api, 1, 10_000_000_000);
    const input = checkoutInput.parse(checkoutBody(shop, shop.memberIds[0]!));
    const ctx = await accessOfSession(measured, api.sessionToken);
    const sys = measured;
    const realNudge = sys.services.outbox.nudge.bind(sys.services.outbox);
    const quiet = () => {
      sys.services.outbox.nudge = () => undefined;
    };
    const served = () => {
      sys.services.outbox.nudge = realNudge;
    };
    const checkout = inProcessCheckout(measured, ctx, input);

    // the exact statements: a second system on the same database with Kysely's query log
    const rec = await openRecordingSystem(target);
    recording = rec.system;
    recording.services.outbox.nudge = () => undefined;
    const recCheckout = inProcessCheckout(recording, await accessOfSession(recording, api.sessionToken), input);
    for (let i = 0; i < 3; i++) await recCheckout(`bk${runTag}-w${i}`); // first sales open accounts and counters
    const capture = async (key: string) => {
      rec.recorder.statements = [];
      rec.recorder.on = true;
      await recCheckout(key);
      rec.recorder.on = false;
      return rec.recorder.statements;
    };
    const a: RecordedStatement[] = await capture(`bk${runTag}-1`);
    const b = await capture(`bk${runTag}-2`);
    await recording.close();
    recording = undefined;
    const plan = buildPlan(a, b);
    const statementKinds: Record<string, number> = {};
    for (const s of a) statementKinds[kindOf(s.sql)] = (statementKinds[kindOf(s.sql)] ?? 0) + 1;
    log(`${dialect} checkout: ${a.length} statements per checkout ${JSON.stringify(statementKinds)}; ${plan.freshTokens.length} fresh values per run`);

    let cachedCheckout: ((key: string) => Promise<unknown>) | null = null;
    if (dialect === 'sqlite') {
      cached = await openSystemWithStatementCache(target);
      cached.services.outbox.nudge = () => undefined;
      cachedCheckout = inProcessCheckout(cached, await accessOfSession(cached, api.sessionToken), input);
      await timed(Math.min(1, opts.roundSeconds), (n) => cachedCheckout!(`bk${runTag}-cwarm-${n}`));
    }
    replayer = dialect === 'sqlite' ? sqliteReplayer(target, plan, runTag) : await pgReplayer(target, plan, runTag);
    const rp = replayer;
    // check the replay works and warm both paths up
    quiet();
    await timed(Math.min(1, opts.roundSeconds), (n) => checkout(`bk${runTag}-warm-${n}`));
    await timed(Math.min(1, opts.roundSeconds), (n) => rp.run(1_000_000_000 + n));

    // alternate short rounds so that noise from other work on the machine hits both sides alike
    const rounds: CheckoutResult['rounds'] = [];
    let k = 0;
    for (let r = 0; r < opts.rounds; r++) {
      quiet();
      const inProcess = await timed(opts.roundSeconds, () => checkout(`bk${runTag}-${r}-${k++}`));
      const raw = await timed(opts.roundSeconds, () => rp.run(k++));
      served();
      const inProcessWithOutbox = await timed(opts.roundSeconds, () => checkout(`bk${runTag}-${r}-${k++}`));
      await sys.services.outbox.stop(); // let the last delivery finish before the next round
      quiet();
      const cc = cachedCheckout;
      const inProcessCached = cc ? Math.round(await timed(opts.roundSeconds, () => cc(`bk${runTag}-${r}-${k++}`))) : null;
      rounds.push({ inProcess: Math.round(inProcess), raw: Math.round(raw), inProcessWithOutbox: Math.round(inProcessWithOutbox), inProcessCached });
      log(`${dialect} checkout round ${r + 1}/${opts.rounds}: in-process ${Math.round(inProcess)}/s, raw ${Math.round(raw)}/s, in-process + outbox delivery ${Math.round(inProcessWithOutbox)}/s${inProcessCached === null ? '' : `, in-process with statement cache ${inProcessCached}/s`}`);
    }
    // where the raw replay's time goes, statement by statement
    let slowestRawStatements: CheckoutResult['slowestRawStatements'] = [];
    let rawDriverUsPerCheckout: number | null = null;
    if (dialect === 'sqlite') {
      const timings = new Float64Array(plan.statements.length);
      const profiled = sqliteReplayer(target, plan, `${runTag}p`, timings);
      const n = opts.quick ? 300 : 2_000;
      for (let i = 0; i < n; i++) await profiled.run(i);
      await profiled.close();
      rawDriverUsPerCheckout = Math.round((timings.reduce((s, x) => s + x, 0) / n) * 1000);
      slowestRawStatements = [...timings]
        .map((ms, i) => ({ sql: plan.statements[i]!.sql, us: Math.round((ms / n) * 1000) }))
        .sort((x, y) => y.us - x.us)
        .slice(0, 8);
    }
    const inProcessPerSec = median(rounds.map((x) => x.inProcess));
    const rawPerSec = median(rounds.map((x) => x.raw));
    return {
      dialect,
      statementsPerCheckout: a.length,
      statementKinds,
      inProcessPerSec: Math.round(inProcessPerSec),
      rawPerSec: Math.round(rawPerSec),
      ratio: round2(inProcessPerSec / rawPerSec),
      inProcessWithOutboxPerSec: Math.round(median(rounds.map((x) => x.inProcessWithOutbox))),
      inProcessCachedPerSec: cachedCheckout ? Math.round(median(rounds.map((x) => x.inProcessCached ?? 0))) : null,
      rounds,
      slowestRawStatements,
      rawDriverUsPerCheckout,
      sampleStatements: a.map((s) => s.sql),
    };
  } finally {
    await replayer?.close();
    await recording?.close();
    await cached?.close();
    await measured?.close();
    await target.drop();
  }
}
