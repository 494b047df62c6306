import type { System } from '../../src/server';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/** An HTTP client over app.inject that keeps the session cookies and sends the CSRF header. */
export class ApiClient {
  private cookies = new Map<string, string>();
  lang = 'zh-CN';

  constructor(private readonly system: System) {}

  async request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.system.app.inject({
      method: method as 'GET',
      url,
      payload: body === undefined ? undefined : (body as object),
      headers: {
        'accept-language': this.lang,
        ...(cookie ? { cookie } : {}),
        ...(this.cookies.has('csrf') ? { 'x-csrf-token': this.cookies.get('csrf') ?? '' } : {}),
        ...headers,
      },
    });
    for (const c of res.cookies as { name: string; value: string; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const text = res.body;
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body, headers);
  }
  patch<T = any>(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', url, body, headers);
  }
  delete<T = any>(url: string) {
    return this.request<T>('DELETE', url);
  }

  async login(username: string, password: string, merchantCode = 'm1') {
    const res = await this.post('/api/auth/login', { merchantCode, username, password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  forgetCsrf() {
    this.cookies.delete('csrf');
  }
}

export async function loggedIn(system: System, username: string, password: string, merchantCode = 'm1') {
  const client = new ApiClient(system);
  await client.login(username, password, merchantCode);
  return client;
}
