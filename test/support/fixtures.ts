import type { ApiClient } from './api-client';

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}`;

export async function createRegion(api: ApiClient, name = '华东') {
  const res = await api.post('/api/regions', { code: unique('R'), name });
  if (res.status !== 201) throw new Error(`region: ${JSON.stringify(res.body)}`);
  return res.body as { id: string; code: string };
}

export async function createStore(api: ApiClient, fields: Record<string, unknown> = {}) {
  const res = await api.post('/api/stores', { code: unique('S'), name: '测试门店', kind: 'direct', ...fields });
  if (res.status !== 201) throw new Error(`store: ${JSON.stringify(res.body)}`);
  return res.body as { id: string; code: string; regionId: string | null };
}

export async function createRole(api: ApiClient, fields: Record<string, unknown>) {
  const res = await api.post('/api/roles', { code: unique('role'), name: '收银员', ...fields });
  if (res.status !== 201) throw new Error(`role: ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
}

export const STAFF_PASSWORD = 'Cashier#2026';

/** Creates a staff member and signs them in once to set their own password (first-login rule). */
export async function createStaff(api: ApiClient, fields: { roleId: string; homeStoreId?: string | null; storeIds?: string[]; username?: string }) {
  const username = fields.username ?? unique('cashier');
  const res = await api.post('/api/staff', { username, name: '小王', password: 'Initial#2026', homeStoreId: null, ...fields });
  if (res.status !== 201) throw new Error(`staff: ${JSON.stringify(res.body)}`);
  return { ...(res.body as { id: string }), username };
}
