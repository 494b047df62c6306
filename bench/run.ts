/**
 * npm run bench — member checkout in-process vs the raw driver, checkout over HTTP under
 * autocannon, member lookup among many members, and the 100,000-row XLSX import; on SQLite,
 * and on PostgreSQL too when DATABASE_URL or TEST_DATABASE_URL is set (a database created for
 * each part and dropped after it). Prints a table and writes bench/results.json.
 *
 * BENCH_QUICK=1 for a short development run; BENCH_MEMBERS, BENCH_IMPORT_ROWS,
 * BENCH_HTTP_SECONDS, BENCH_ROUNDS, BENCH_ROUND_SECONDS, BENCH_CONNECTIONS to size parts;
 * BENCH_ONLY=checkout,http,lookup,import to choose parts. See docs/performance.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCheckout, type CheckoutResult } from './checkout';
import { benchHttp, type HttpResult } from './http';
import { benchImport, type ImportResult } from './import';
import { benchOptions, log } from './lib/common';
import { benchLookup, type LookupResult } from './lookup';

interface Row {
  part: string;
  db: string;
  figure: string;
  value: number | string;
  target: string;
  met: boolean | null;
}

const opts = benchOptions();
const dialects: ('sqlite' | 'postgres')[] = opts.pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];
const results: { checkout: CheckoutResult[]; http: HttpResult[]; lookup: LookupResult[]; import: ImportResult[] } = { checkout: [], http: [], lookup: [], import: [] };
const failures: string[] = [];
const rows: Row[] = [];
const at = (value: number, target: number, higherIsBetter: boolean) => (higherIsBetter ? value >= target : value <= target);

log(`${opts.quick ? 'quick' : 'full'} run on ${dialects.join(' + ')}; parts: ${[...opts.parts].join(', ')}`);

async function part<T>(name: string, dialect: string, fn: () => Promise<T>, into: T[]): Promise<T | undefined> {
  if (!opts.parts.has(name)) return undefined;
  log(`${name} on ${dialect} …`);
  try {
    const r = await fn();
    into.push(r);
    return r;
  } catch (err) {
    const message = `${name} on ${dialect} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
    failures.push(message);
    log(message);
    return undefined;
  }
}

for (const d of dialects) {
  const c = await part('checkout', d, () => benchCheckout(d, opts), results.checkout);
  if (c) {
    rows.push({ part: 'checkout in-process', db: d, figure: 'checkouts/s', value: c.inProcessPerSec, target: '', met: null });
    rows.push({ part: 'checkout raw driver', db: d, figure: 'checkouts/s', value: c.rawPerSec, target: '', met: null });
    rows.push({ part: 'checkout in-process / raw', db: d, figure: 'ratio', value: c.ratio, target: d === 'sqlite' ? '≥ 0.5' : '(none)', met: d === 'sqlite' ? at(c.ratio, 0.5, true) : null });
    rows.push({ part: 'checkout statements', db: d, figure: 'per checkout', value: c.statementsPerCheckout, target: '', met: null });
    if (c.inProcessCachedPerSec !== null) {
      rows.push({ part: 'checkout in-process, stmt cache*', db: d, figure: 'checkouts/s (ratio)', value: `${c.inProcessCachedPerSec} (${(Math.round((100 * c.inProcessCachedPerSec) / c.rawPerSec) / 100).toString()})`, target: '', met: null });
    }
    rows.push({ part: 'checkout in-process + outbox send', db: d, figure: 'checkouts/s', value: c.inProcessWithOutboxPerSec, target: '', met: null });
  }
  const h = await part('http', d, () => benchHttp(d, opts), results.http);
  if (h) {
    const rate = d === 'sqlite' ? 3_000 : 1_000;
    rows.push({ part: `HTTP checkout, ${h.connections} conns`, db: d, figure: 'checkouts/s', value: h.checkoutsPerSec, target: `≥ ${rate.toLocaleString('en')}`, met: at(h.checkoutsPerSec, rate, true) });
    rows.push({ part: 'HTTP checkout latency', db: d, figure: 'p50 ms', value: h.p50Ms, target: '', met: null });
    rows.push({ part: 'HTTP checkout latency', db: d, figure: 'p99 ms', value: h.p99Ms, target: d === 'sqlite' ? '≤ 20' : '(none)', met: d === 'sqlite' ? at(h.p99Ms, 20, false) : null });
    rows.push({ part: 'HTTP checkout errors', db: d, figure: 'non-2xx + errors', value: h.non2xx + h.errors + h.timeouts, target: '= 0', met: h.non2xx + h.errors + h.timeouts === 0 });
  }
  const l = await part('lookup', d, () => benchLookup(d, opts), results.lookup);
  if (l) {
    const n = l.members.toLocaleString('en');
    rows.push({ part: `lookup by phone, ${n} members`, db: d, figure: 'p50 ms', value: l.phone.p50Ms, target: '', met: null });
    rows.push({ part: `lookup by phone, ${n} members`, db: d, figure: 'p99 ms', value: l.phone.p99Ms, target: '≤ 5', met: at(l.phone.p99Ms, 5, false) });
    rows.push({ part: `lookup by card, ${n} members`, db: d, figure: 'p50 ms', value: l.card.p50Ms, target: '', met: null });
    rows.push({ part: `lookup by card, ${n} members`, db: d, figure: 'p99 ms', value: l.card.p99Ms, target: '≤ 5', met: at(l.card.p99Ms, 5, false) });
    if (l.withMemberIndex) {
      rows.push({ part: 'lookup by phone, proposed index**', db: d, figure: 'p50 / p99 ms', value: `${l.withMemberIndex.phone.p50Ms} / ${l.withMemberIndex.phone.p99Ms}`, target: '', met: null });
      rows.push({ part: 'lookup by card, proposed index**', db: d, figure: 'p50 / p99 ms', value: `${l.withMemberIndex.card.p50Ms} / ${l.withMemberIndex.card.p99Ms}`, target: '', met: null });
    }
  }
  const i = await part('import', d, () => benchImport(d, opts), results.import);
  if (i) rows.push({ part: `import ${i.rows.toLocaleString('en')} members XLSX`, db: d, figure: 'seconds', value: i.totalSeconds, target: '≤ 30', met: at(i.totalSeconds, 30, false) });
}

const table = [['part', 'db', 'figure', 'value', 'target', 'result'], ...rows.map((r) => [r.part, r.db, r.figure, String(r.value), r.target, r.met === null ? '' : r.met ? 'met' : 'MISSED'])];
const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ');
console.log(`\n${line(table[0]!)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${table.slice(1).map(line).join('\n')}`);
if (results.checkout.some((c) => c.inProcessCachedPerSec !== null)) console.log('* the proposed fix measured: the same in-process checkout with better-sqlite3 statements prepared once (docs/performance.md)');
if (results.lookup.some((l) => l.withMemberIndex)) console.log('** the proposed fix measured: the same lookups after CREATE INDEX ON member_cards (merchant_id, member_id) (docs/performance.md)');
for (const h of results.http) if (h.refusalSamples.length) console.log(`\nHTTP ${h.dialect} refusals ${JSON.stringify(h.refusals)}:\n${h.refusalSamples.join('\n')}`);
if (failures.length) console.log(`\nFAILED PARTS:\n${failures.join('\n')}`);

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json');
fs.writeFileSync(
  file,
  `${JSON.stringify(
    {
      at: new Date().toISOString(),
      quick: opts.quick,
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', node: process.version, loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100) },
      options: { ...opts, pgUrl: opts.pgUrl ? '(set)' : undefined, parts: [...opts.parts] },
      table: rows,
      results,
      failures,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
process.exitCode = failures.length ? 1 : 0;
