import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config';
import { openDb, type Db } from '../../src/db/connection';
import type { Database } from '../../src/db/schema';
import { buildSystem, firstStart, type System } from '../../src/server';
import { BENCH_ADMIN, BENCH_MERCHANT } from './shop';
import type { Target } from './common';

export function benchConfig(target: Target): Config {
  return {
    ...loadConfig({}),
    dataDir: target.dataDir ?? './data',
    databaseUrl: target.url,
    adminUsername: BENCH_ADMIN.username,
    adminPassword: BENCH_ADMIN.password,
    merchantCode: BENCH_MERCHANT,
    merchantName: '压测连锁',
    webDir: '/nonexistent',
  };
}

/** The system as `npm start` wires it (openDb, buildSystem, firstStart), without listening and without timers. */
export async function openSystem(target: Target): Promise<System> {
  const config = benchConfig(target);
  const system = await buildSystem(config, { db: openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }) });
  await firstStart(system, config);
  return system;
}

export interface RecordedStatement {
  sql: string;
  params: unknown[];
}

/**
 * A second system on the same database whose Kysely instance logs every statement it sends
 * (BEGIN and COMMIT included): the way the bench learns the exact SQL of one checkout.
 * The connection is opened like openDb opens it; only the `log` option differs.
 */
export async function openRecordingSystem(target: Target): Promise<{ system: System; recorder: { on: boolean; statements: RecordedStatement[] } }> {
  const recorder = { on: false, statements: [] as RecordedStatement[] };
  const logFn = (event: LogEvent) => {
    if (recorder.on && event.level === 'query') recorder.statements.push({ sql: event.query.sql, params: [...event.query.parameters] });
  };
  let kysely: Kysely<Database>;
  if (target.dialect === 'sqlite') {
    const sqlite = new SqliteDatabase(path.join(target.dataDir!, 'app.db'));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log: logFn });
  } else {
    // the int8/timestamptz parsers are process-wide and were set by the openDb of the measured system
    kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url, max: 2 }) }), log: logFn });
  }
  const db: Db = { kysely, dialect: target.dialect, close: () => kysely.destroy() };
  const config = benchConfig(target);
  const system = await buildSystem(config, { db });
  await firstStart(system, config);
  return { system, recorder };
}

/**
 * The proposed fix, measured: Kysely's SQLite driver calls `db.prepare(sql)` for every query,
 * so SQLite parses and plans each statement every time. This wraps the better-sqlite3 handle
 * so that `prepare` returns a cached statement per SQL text (bounded, oldest dropped first).
 */
export function withStatementCache(db: SqliteDatabase.Database, max = 1_000): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string) => {
    let st = cache.get(source);
    if (!st) {
      st = db.prepare(source);
      cache.set(source, st);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
    }
    return st;
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Like openSystem on SQLite, but through withStatementCache: what openDb would do with the fix. */
export async function openSystemWithStatementCache(target: Target): Promise<System> {
  const sqlite = new SqliteDatabase(path.join(target.dataDir!, 'app.db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const config = benchConfig(target);
  const system = await buildSystem(config, { db: { kysely, dialect: 'sqlite', close: () => kysely.destroy() } });
  await firstStart(system, config);
  return system;
}
