import type { System } from '../../src/server';

export interface ApiResult<T = unknown> {
  status: number;
  body: T;
}

/** A signed-in client of the API: in-process (app.inject) or over HTTP (fetch). Keeps cookies, sends the CSRF header. */
export class BenchApi {
  readonly cookies = new Map<string, string>();

  private constructor(private readonly send: (method: string, url: string, headers: Record<string, string>, body: string | Buffer | undefined) => Promise<{ status: number; text: string; setCookies: string[] }>) {}

  static inject(system: System): BenchApi {
    return new BenchApi(async (method, url, headers, body) => {
      const res = await system.app.inject({ method: method as 'GET', url, headers, payload: body });
      const raw = res.headers['set-cookie'];
      return { status: res.statusCode, text: res.body, setCookies: raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)] };
    });
  }

  static http(baseUrl: string): BenchApi {
    return new BenchApi(async (method, url, headers, body) => {
      const res = await fetch(baseUrl + url, { method, headers, body });
      return { status: res.status, text: await res.text(), setCookies: res.headers.getSetCookie() };
    });
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get csrf(): string {
    return this.cookies.get('csrf') ?? '';
  }

  get sessionToken(): string {
    return this.cookies.get('sid') ?? '';
  }

  async request<T = unknown>(method: string, url: string, body?: unknown, extra: Record<string, string> = {}, contentType?: string): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { 'accept-language': 'zh-CN', ...extra };
    if (this.cookies.size) headers.cookie = this.cookieHeader;
    if (this.csrf) headers['x-csrf-token'] = this.csrf;
    let payload: string | Buffer | undefined;
    if (Buffer.isBuffer(body)) {
      payload = body;
      headers['content-type'] = contentType ?? 'application/octet-stream';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await this.send(method, url, headers, payload);
    for (const c of res.setCookies) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, body: (res.text ? JSON.parse(res.text) : undefined) as T };
  }

  get<T = unknown>(url: string) {
    return this.request<T>('GET', url);
  }

  /** POST that must answer 2xx; throws with the body otherwise. */
  async ok<T = unknown>(url: string, body: unknown = {}, headers?: Record<string, string>): Promise<T> {
    const res = await this.request<T>('POST', url, body, headers);
    if (res.status < 200 || res.status > 299) throw new Error(`POST ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async login(merchantCode: string, username: string, password: string): Promise<void> {
    const res = await this.request('POST', '/api/auth/login', { merchantCode, username, password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
