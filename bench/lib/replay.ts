import path from 'node:path';
import { performance } from 'node:perf_hooks';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { newId } from '../../src/kernel/ids';
import type { Target } from './common';
import type { RecordedStatement } from './system';

/**
 * The statement list of one checkout, ready to run again and again on the driver: each
 * parameter is either a constant or a string rebuilt per run with fresh values in place of
 * the ids, document number, idempotency key and timestamps that the recorded checkout made.
 */
export interface ReplayPlan {
  statements: { sql: string; params: ((fresh: Map<string, string>) => unknown)[] }[];
  /** the values that were new in the recorded checkout, each replaced by a new one per run */
  freshTokens: string[];
}

// ULIDs, document numbers (20261126-0001), bench idempotency keys and ISO timestamps
const TOKEN = /[0-9A-HJKMNP-TV-Z]{26}|\d{8}-\d{4,}|bk[0-9a-z]+-\d+|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g;

function tokensOf(list: readonly RecordedStatement[]): Set<string> {
  const out = new Set<string>();
  for (const s of list) for (const p of s.params) if (typeof p === 'string') for (const m of p.matchAll(TOKEN)) out.add(m[0]);
  return out;
}

/**
 * `a` and `b` are two consecutive checkouts recorded the same way. They must send the same
 * SQL; a token seen in `a` but not in `b` was made by `a` (a new id, its doc number, its key,
 * its time) and is replaced per run; everything else (the member, store, accounts…) stays.
 */
export function buildPlan(a: readonly RecordedStatement[], b: readonly RecordedStatement[]): ReplayPlan {
  if (a.length !== b.length || a.some((s, i) => s.sql !== b[i]!.sql)) {
    const i = a.findIndex((s, k) => s.sql !== b[k]?.sql);
    throw new Error(`two checkouts sent different SQL (${a.length} vs ${b.length} statements; first difference at #${i}):\n${a[i]?.sql}\n${b[i]?.sql}`);
  }
  const inB = tokensOf(b);
  const fresh = [...tokensOf(a)].filter((t) => !inB.has(t));
  const freshSet = new Set(fresh);
  const statements = a.map((s) => ({
    sql: s.sql,
    params: s.params.map((p): ((f: Map<string, string>) => unknown) => {
      if (typeof p !== 'string' || ![...p.matchAll(TOKEN)].some((m) => freshSet.has(m[0]))) return () => p;
      // split into constant text and fresh tokens once; join per run
      const parts: (string | { token: string })[] = [];
      let last = 0;
      for (const m of p.matchAll(TOKEN)) {
        if (!freshSet.has(m[0])) continue;
        parts.push(p.slice(last, m.index), { token: m[0] });
        last = m.index + m[0].length;
      }
      parts.push(p.slice(last));
      return (f) => parts.map((x) => (typeof x === 'string' ? x : f.get(x.token)!)).join('');
    }),
  }));
  return { statements, freshTokens: fresh };
}

/** New values for one run: a new ULID per recorded id, a new doc number, key and time. */
export function freshValues(plan: ReplayPlan, n: number, runTag: string): Map<string, string> {
  const now = new Date().toISOString();
  const out = new Map<string, string>();
  for (const t of plan.freshTokens) {
    if (/^[0-9A-HJKMNP-TV-Z]{26}$/.test(t)) out.set(t, newId());
    else if (/^\d{8}-\d+$/.test(t)) out.set(t, `${t.slice(0, 8)}-R${runTag}${n}`);
    else if (t.startsWith('bk')) out.set(t, `bk${runTag}r-${n}`);
    else out.set(t, now);
  }
  return out;
}

export interface Replayer {
  /** one checkout's statements, BEGIN…COMMIT included, as recorded */
  run(n: number): Promise<void>;
  close(): Promise<void>;
}

/** better-sqlite3 on the same file, every distinct statement prepared once. */
export function sqliteReplayer(target: Target, plan: ReplayPlan, runTag: string, timings?: Float64Array): Replayer {
  const db = new SqliteDatabase(path.join(target.dataDir!, 'app.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepared = plan.statements.map((s) => {
    let st = cache.get(s.sql);
    if (!st) cache.set(s.sql, (st = db.prepare(s.sql)));
    return { st, reader: st.reader, params: s.params };
  });
  return {
    run: async (n) => {
      const fresh = freshValues(plan, n, runTag);
      try {
        for (let i = 0; i < prepared.length; i++) {
          const p = prepared[i]!;
          const values = p.params.map((f) => f(fresh));
          const t0 = timings ? performance.now() : 0;
          if (p.reader) p.st.all(values);
          else p.st.run(values);
          if (timings) timings[i] = (timings[i] ?? 0) + performance.now() - t0;
        }
      } catch (err) {
        if (db.inTransaction) db.exec('rollback');
        throw err;
      }
    },
    close: async () => void db.close(),
  };
}

/** One pg client, every distinct statement a named prepared statement (parsed and planned once). */
export async function pgReplayer(target: Target, plan: ReplayPlan, runTag: string): Promise<Replayer> {
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  const names = new Map<string, string>();
  const prepared = plan.statements.map((s) => {
    let name = names.get(s.sql);
    if (!name) names.set(s.sql, (name = `bench_${names.size}`));
    return { name, text: s.sql, params: s.params };
  });
  return {
    run: async (n) => {
      const fresh = freshValues(plan, n, runTag);
      try {
        for (const p of prepared) await client.query({ name: p.name, text: p.text, values: p.params.map((f) => f(fresh)) });
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      }
    },
    close: () => client.end(),
  };
}
