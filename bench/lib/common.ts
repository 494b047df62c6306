import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** Bench settings from the environment. BENCH_QUICK=1 shrinks every part for a development run. */
export interface BenchOptions {
  quick: boolean;
  /** members seeded for the lookup part (BENCH_MEMBERS, default 1,000,000; quick 50,000) */
  lookupMembers: number;
  /** rows of the import part (BENCH_IMPORT_ROWS, default 100,000; quick 10,000) */
  importRows: number;
  /** seconds of each in-process / raw round and the number of alternating rounds */
  roundSeconds: number;
  rounds: number;
  /** seconds of the measured autocannon run */
  httpSeconds: number;
  httpConnections: number;
  /** PostgreSQL server to create the bench database on (DATABASE_URL or TEST_DATABASE_URL) */
  pgUrl: string | undefined;
  /** comma list of parts to run: checkout,http,lookup,import (BENCH_ONLY); all when unset */
  parts: Set<string>;
}

export function benchOptions(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const int = (name: string, fallback: number) => {
    const v = env[name];
    if (v === undefined || v === '') return fallback;
    const n = Number(v.replaceAll('_', ''));
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${v}`);
    return n;
  };
  const all = ['checkout', 'http', 'lookup', 'import'];
  const only = env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((s) => s.trim()).filter(Boolean) : all;
  for (const p of only) if (!all.includes(p)) throw new Error(`BENCH_ONLY: unknown part ${p} (known: ${all.join(', ')})`);
  return {
    quick,
    lookupMembers: int('BENCH_MEMBERS', quick ? 50_000 : 1_000_000),
    importRows: int('BENCH_IMPORT_ROWS', quick ? 10_000 : 100_000),
    roundSeconds: int('BENCH_ROUND_SECONDS', quick ? 1 : 3),
    rounds: int('BENCH_ROUNDS', quick ? 2 : 5),
    httpSeconds: int('BENCH_HTTP_SECONDS', quick ? 4 : 20),
    httpConnections: int('BENCH_CONNECTIONS', 16),
    pgUrl: env.DATABASE_URL || env.TEST_DATABASE_URL || undefined,
    parts: new Set(only),
  };
}

/** Where one part's database lives: a temporary SQLite folder, or a PostgreSQL database made for it. */
export interface Target {
  dialect: 'sqlite' | 'postgres';
  /** SQLite: the folder holding app.db */
  dataDir?: string;
  /** PostgreSQL: the connection string of the database made for this part */
  url?: string;
  drop(): Promise<void>;
}

export async function makeTarget(dialect: 'sqlite' | 'postgres', opts: BenchOptions, tag: string): Promise<Target> {
  if (dialect === 'sqlite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `cms-bench-${tag}-`));
    return { dialect, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  if (!opts.pgUrl) throw new Error('no PostgreSQL URL');
  // a fresh database per part, named so that it can never be another's; dropped after the part
  const name = `cms_bench_${tag}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
  const admin = new pg.Client({ connectionString: opts.pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(opts.pgUrl);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: opts.pgUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i]!;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const round1 = (n: number) => Math.round(n * 10) / 10;
export const round2 = (n: number) => Math.round(n * 100) / 100;

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
