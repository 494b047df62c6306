/**
 * The real server as a child process (`node --import tsx src/main.ts`, what `npm start` runs
 * after building the UI), for tests that kill it or run several of it on one database, plus a
 * fetch client for it and a throw-away PostgreSQL database.
 *
 * Node is spawned directly, not through the `tsx` binary: that binary runs the server in a
 * grandchild, so a SIGKILL to it would leave the server running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const SERVER_ADMIN = { username: 'admin', password: 'Admin#2026', merchantCode: 'm1' };

/** every child still alive, so a failing test can always end them */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface ServerOptions {
  port: number;
  /** SQLite folder, or… */
  dataDir?: string;
  /** …a PostgreSQL database */
  databaseUrl?: string;
}

export class ServerProcess {
  private child: ChildProcess | null = null;
  private log = '';
  /** how many times it was started */
  starts = 0;

  constructor(readonly options: ServerOptions) {}

  get url() {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get alive() {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** the last 20,000 characters the server printed */
  output() {
    return this.log.slice(-20_000);
  }

  /** Starts the server and waits until /api/health answers. */
  async start(): Promise<void> {
    if (this.alive) throw new Error('server already running');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(this.options.port),
      HOST: '127.0.0.1',
      ADMIN_USERNAME: SERVER_ADMIN.username,
      ADMIN_PASSWORD: SERVER_ADMIN.password,
      MERCHANT_CODE: SERVER_ADMIN.merchantCode,
      WEB_DIR: '/nonexistent',
      LOG_LEVEL: 'silent',
    };
    delete env.DATABASE_URL;
    delete env.DATA_DIR;
    if (this.options.databaseUrl) env.DATABASE_URL = this.options.databaseUrl;
    if (this.options.dataDir) env.DATA_DIR = this.options.dataDir;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.starts++;
    running.add(child);
    child.once('exit', () => running.delete(child));
    const append = (d: Buffer) => {
      this.log = (this.log + d.toString()).slice(-100_000);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (!this.alive) throw new Error(`server on :${this.options.port} exited while starting:\n${this.output()}`);
      try {
        const res = await fetch(`${this.url}/api/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server on :${this.options.port} did not become healthy:\n${this.output()}`);
  }

  /** Sends the signal and waits until the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }
}

/** Ends every server process these tests started (afterAll, also after a failure). */
export async function stopAll(servers: readonly (ServerProcess | undefined)[]): Promise<void> {
  await Promise.all(servers.map((s) => s?.stop('SIGKILL')));
}

export interface HttpResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A fetch client keeping the session cookies and sending the CSRF header, like test/support/api-client over HTTP. */
export class HttpClient {
  private cookies = new Map<string, string>();

  constructor(public baseUrl: string) {}

  async request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse<T>> {
    const res = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(this.cookies.has('csrf') ? { 'x-csrf-token': this.cookies.get('csrf') ?? '' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) this.cookies.set(name.trim(), value.join('='));
    }
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  post<T = any>(url: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body, headers);
  }
  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }

  /** POST that must answer 2xx; returns the body */
  async ok<T = any>(url: string, body: unknown = {}): Promise<T> {
    const res = await this.post<T>(url, body);
    if (res.status >= 300) throw new Error(`POST ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async login(user = SERVER_ADMIN) {
    const res = await this.post('/api/auth/login', { merchantCode: user.merchantCode, username: user.username, password: user.password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return this;
  }

  /** the same session on another server (sessions live in the database) */
  on(baseUrl: string): HttpClient {
    const copy = new HttpClient(baseUrl);
    copy.cookies = new Map(this.cookies);
    return copy;
  }
}

/**
 * A new, empty PostgreSQL database on the server of `baseUrl` (TEST_DATABASE_URL); `drop`
 * removes only this database.
 */
export async function createPgDatabase(baseUrl: string, prefix: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `cms_test_${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        // let closing pools (ours, a killed server's backends) go first: a connection forced shut
        // while closing reports "terminating connection due to administrator command"
        for (let i = 0; i < 200; i++) {
          const res = await c.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = $1', [name]);
          if (Number(res.rows[0]?.n) === 0) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Mulberry32: a small seeded generator, so a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
