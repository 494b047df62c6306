import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import { loadConfig } from '../../src/config';
import { openDb } from '../../src/db/connection';
import { fixedClock } from '../../src/kernel/clock';
import { buildSystem, firstStart, type System } from '../../src/server';

export const ADMIN = { username: 'admin', password: 'Admin#2026' };

export interface TestSystem extends System {
  merchantId: string;
  clock: ReturnType<typeof fixedClock>;
}

/**
 * A fresh database per call: a temporary SQLite file, or, when TEST_DATABASE_URL is set,
 * a new PostgreSQL database created for this test file and dropped afterwards.
 */
export async function createTestSystem(options: { clock?: ReturnType<typeof fixedClock>; merchantCode?: string } = {}): Promise<TestSystem> {
  const clock = options.clock ?? fixedClock('2026-11-26T02:00:00Z');
  const baseUrl = process.env.TEST_DATABASE_URL;
  let cleanup: () => Promise<void>;
  let db;
  if (baseUrl) {
    const name = `cms_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    db = openDb({ databaseUrl: url.toString(), poolSize: 8 });
    cleanup = async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-test-'));
    db = openDb({ dataDir: dir });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const config = {
    ...loadConfig({}),
    adminUsername: ADMIN.username,
    adminPassword: ADMIN.password,
    merchantCode: options.merchantCode ?? 'm1',
    webDir: '/nonexistent',
  };
  const system = await buildSystem(config, { clock, db });
  const first = await firstStart(system, config);
  const close = system.close;
  return {
    ...system,
    clock,
    merchantId: first.merchantId,
    close: async () => {
      await close();
      await cleanup();
    },
  };
}

/** Adds another merchant with its own admin to the same database (tenant isolation tests). */
export async function addMerchant(system: System, code: string): Promise<string> {
  const config = { ...loadConfig({}), adminUsername: ADMIN.username, adminPassword: ADMIN.password, merchantCode: code, merchantName: code };
  return (await firstStart(system, config)).merchantId;
}
