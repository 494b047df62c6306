import { it } from 'vitest';
import fs from 'node:fs';
import { loggedIn } from './support/api-client';
import { ADMIN, createTestSystem } from './support/test-system';
it('explore', async () => {
  const system = await createTestSystem();
  const admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  const res = await admin.get('/api/openapi.json');
  fs.writeFileSync('/tmp/explore/openapi.json', JSON.stringify(res.body, null, 1));
  const r = await admin.post('/api/regions', { code: 'X', name: 'x' }, { 'idempotency-key': 'k1' });
  const dup = await admin.post('/api/regions', { code: 'X', name: 'y' }, { 'idempotency-key': 'k2' });
  const rows = await system.db.kysely.selectFrom('idempotency_keys').selectAll().execute();
  console.log(r.status, dup.status, JSON.stringify(rows));
  await new Promise((r) => setTimeout(r, 50));
  console.log(JSON.stringify(await system.db.kysely.selectFrom('idempotency_keys').selectAll().execute()));
  await system.close();
});
