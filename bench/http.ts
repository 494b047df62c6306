import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import autocannon from 'autocannon';
import { BenchApi } from './lib/api';
import { log, makeTarget, round2, type BenchOptions } from './lib/common';
import { BENCH_ADMIN, BENCH_MERCHANT, checkoutBody, PRICE_FEN, seedShop } from './lib/shop';

export interface HttpResult {
  dialect: 'sqlite' | 'postgres';
  connections: number;
  seconds: number;
  members: number;
  checkoutsPerSec: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** status → count of the non-2xx answers, and a few of their bodies */
  refusals: Record<string, number>;
  refusalSamples: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** `npm start` without the web build: `tsx src/main.ts` in a child process, outbox worker and scheduler running. */
async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  // BENCH_SERVER_PROF=dir: the server writes a CPU profile there when it stops
  const prof = process.env.BENCH_SERVER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', WEB_DIR: '/nonexistent', ADMIN_USERNAME: BENCH_ADMIN.username, ADMIN_PASSWORD: BENCH_ADMIN.password, MERCHANT_CODE: BENCH_MERCHANT },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return { child, baseUrl };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function benchHttp(dialect: 'sqlite' | 'postgres', opts: BenchOptions): Promise<HttpResult> {
  const target = await makeTarget(dialect, opts, 'http');
  let child: ChildProcess | undefined;
  try {
    const server = await startServer(target.dialect === 'sqlite' ? { DATA_DIR: target.dataDir! } : { DATABASE_URL: target.url! });
    child = server.child;
    const api = BenchApi.http(server.baseUrl);
    await api.login(BENCH_MERCHANT, BENCH_ADMIN.username, BENCH_ADMIN.password);
    // a member per connection and more, each with stored value for far more checkouts than the run makes
    const members = Math.max(32, opts.httpConnections * 4);
    const shop = await seedShop(api, members, 100_000_000);
    log(`${dialect} http: server up, ${members} members seeded; ¥${(PRICE_FEN / 100).toString()} per checkout`);
    const bodies = shop.memberIds.map((id) => JSON.stringify(checkoutBody(shop, id)));
    const runTag = Date.now().toString(36);
    let n = 0;
    const refusals: Record<string, number> = {};
    const refusalSamples: string[] = [];
    const run = (seconds: number, phase: string) =>
      autocannon({
        url: `${server.baseUrl}/api/checkout`,
        connections: opts.httpConnections,
        duration: seconds,
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: api.cookieHeader, 'x-csrf-token': api.csrf, 'accept-language': 'zh-CN' },
        requests: [
          {
            method: 'POST',
            path: '/api/checkout',
            setupRequest: (req) => {
              const i = n++;
              return { ...req, body: bodies[i % bodies.length]!, headers: { ...req.headers, 'idempotency-key': `h${runTag}-${phase}-${i}` } };
            },
            onResponse: (status, body) => {
              if (phase === 'measure' && (status < 200 || status > 299)) {
                refusals[String(status)] = (refusals[String(status)] ?? 0) + 1;
                if (refusalSamples.length < 5) refusalSamples.push(`${status} ${body.slice(0, 300)}`);
              }
            },
          },
        ],
      });
    await run(opts.quick ? 1 : 3, 'warm');
    const result = await run(opts.httpSeconds, 'measure');
    const seconds = result.duration;
    return {
      dialect,
      connections: opts.httpConnections,
      seconds: round2(seconds),
      members,
      checkoutsPerSec: Math.round(result['2xx'] / seconds),
      p50Ms: result.latency.p50,
      p90Ms: result.latency.p90,
      p99Ms: result.latency.p99,
      maxMs: result.latency.max,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      refusals,
      refusalSamples,
    };
  } finally {
    if (child) await stopServer(child);
    await target.drop();
  }
}
