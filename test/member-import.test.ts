import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestMapping } from '../src/modules/members/import/import-fields';
import { parseCsv, parseXlsx } from '../src/modules/members/import/import-parse';
import { ApiClient, loggedIn } from './support/api-client';
import { closeTestSystem } from './support/close';
import { createRole, createStaff, createStore } from './support/fixtures';
import { bigXlsx, MEMBER_IMPORT_HEADERS as HEADERS } from './support/member-xlsx';
import { addMerchant, ADMIN, createTestSystem, type TestSystem } from './support/test-system';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let system: TestSystem;
let admin: ApiClient;
let raw: RawClient;
let storeA: { id: string; code: string };
let storeB: { id: string; code: string };

/** app.inject with the session cookies, returning the raw body (for file uploads and downloads). */
class RawClient {
  private cookie = '';
  private csrf = '';
  async login(username: string, password: string, merchantCode = 'm1') {
    const res = await system.app.inject({ method: 'POST', url: '/api/auth/login', payload: { merchantCode, username, password } });
    if (res.statusCode !== 200) throw new Error(`login: ${res.body}`);
    const cookies = res.cookies as { name: string; value: string }[];
    this.cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    this.csrf = cookies.find((c) => c.name === 'csrf')?.value ?? '';
    return this;
  }
  async send(method: 'GET' | 'POST', url: string, payload?: Buffer | object, contentType?: string) {
    const res = await system.app.inject({
      method,
      url,
      payload: payload as never,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'accept-language': 'zh-CN', ...(contentType ? { 'content-type': contentType } : {}) },
    });
    return { status: res.statusCode, headers: res.headers, raw: res.rawPayload, json: () => JSON.parse(res.body) };
  }
  upload(data: Buffer, fileName: string, contentType = 'application/octet-stream') {
    return this.send('POST', `/api/member-imports?fileName=${encodeURIComponent(fileName)}`, data, contentType);
  }
}

async function xlsxOf(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('会员');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readXlsx(data: Buffer): Promise<string[][]> {
  return (await parseXlsxAll(data)).map((r) => r.map((c) => c ?? ''));
}

async function parseXlsxAll(data: Buffer): Promise<string[][]> {
  const table = await parseXlsx(data);
  return [table.headers, ...table.rows.map((r) => table.headers.map((_, i) => r.cells[i] ?? ''))];
}

function csvOf(rows: string[][]): Buffer {
  const esc = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(esc).join(',')).join('\r\n')}\r\n`);
}

async function waitFor(client: RawClient, id: string) {
  for (;;) {
    const res = await client.send('GET', `/api/member-imports/${id}`);
    const body = res.json();
    if (res.status !== 200) throw new Error(JSON.stringify(body));
    if (body.status !== 'validating' && body.status !== 'importing') return body;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Upload → validate → wait; returns the import id and its validated status. */
async function uploadAndValidate(client: RawClient, data: Buffer, fileName: string, options: { mode?: string; defaultStoreId?: string | null; contentType?: string } = {}) {
  const up = await client.upload(data, fileName, options.contentType);
  if (up.status !== 201) throw new Error(`upload: ${up.raw.toString()}`);
  const upload = up.json();
  const v = await client.send('POST', `/api/member-imports/${upload.id}/validate`, { mapping: upload.suggestedMapping, mode: options.mode ?? 'all_or_nothing', defaultStoreId: options.defaultStoreId ?? null });
  if (v.status !== 202) throw new Error(`validate: ${v.raw.toString()}`);
  return { upload, status: await waitFor(client, upload.id) };
}

async function commit(client: RawClient, id: string) {
  const res = await client.send('POST', `/api/member-imports/${id}/commit`, {});
  if (res.status !== 202) return { refused: res.json() };
  return { done: await waitFor(client, id) };
}

async function memberCount(merchantId = system.merchantId) {
  const row = await system.db.kysely.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).where('merchant_id', '=', merchantId).executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  raw = await new RawClient().login(ADMIN.username, ADMIN.password);
  storeA = await createStore(admin, { name: 'A店', code: 'SA' });
  storeB = await createStore(admin, { name: 'B店', code: 'SB' });
  await admin.post('/api/member-levels', { code: 'normal', name: '普通', rank: 0, upgradeThreshold: 0 });
  await admin.post('/api/member-levels', { code: 'gold', name: '金卡', rank: 2, upgradeThreshold: 500_000 });
  await admin.post('/api/card-types', { code: 'year', name: '年卡', validityKind: 'year' });
});
afterAll(() => closeTestSystem(system));

describe('mapping and parsing', () => {
  it('suggests a mapping from Chinese and English headers', () => {
    expect(suggestMapping(HEADERS)).toEqual({ name: 0, phone: 1, gender: 2, birthday: 3, idNumber: 4, address: 5, tags: 6, storeCode: 7, levelCode: 8, cardNo: 9, cardTypeCode: 10, notes: 11, custom: {} });
    expect(suggestMapping(['姓名', '手机号', '肤质', 'Hobbies'], [{ key: 'skin', label: '肤质' }, { key: 'hobbies', label: '爱好' }, { key: 'shoe', label: '鞋码' }]).custom).toEqual({ skin: 2, hobbies: 3, shoe: null });
    expect(suggestMapping(['Mobile', ' Name ', 'Card No', 'x', 'Birth Date', 'store_code', 'Remark', '手机'])).toMatchObject({
      phone: 0, name: 1, cardNo: 2, birthday: 4, storeCode: 5, notes: 6, gender: null, tags: null,
    });
  });

  it('reads RFC 4180 CSV with a BOM, quotes, line breaks in quotes and GBK text', () => {
    const text = '\uFEFF姓名,手机号,备注\r\n"张,三",13800000001,"第一行\n第二行"\r\n\r\n李四,13800000002,"他说""好"""\r\n';
    const t = parseCsv(Buffer.from(text));
    expect(t.headers).toEqual(['姓名', '手机号', '备注']);
    expect(t.rows).toEqual([
      { line: 2, cells: ['张,三', '13800000001', '第一行\n第二行'] },
      { line: 4, cells: ['李四', '13800000002', '他说"好"'] },
    ]);
    const gbk = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0x70, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0x31, 0x0a]); // 姓名,p / 张三,1 in GBK
    expect(parseCsv(gbk)).toEqual({ headers: ['姓名', 'p'], rows: [{ line: 2, cells: ['张三', '1'] }] });
  });

  it('reads xlsx cells: dates, numbers, rich text and formulas as text', async () => {
    const data = await xlsxOf([
      ['姓名', '手机号', '生日'],
      [{ richText: [{ text: '王' }, { text: '五' }] }, 13800000003, new Date(Date.UTC(1990, 4, 17))],
      ['赵六', { formula: '"1380000"&"0004"', result: '13800000004' }, 32874],
    ]);
    const t = await parseXlsx(data);
    expect(t.rows).toEqual([
      { line: 2, cells: ['王五', '13800000003', '1990-05-17'] },
      { line: 3, cells: ['赵六', '13800000004', '32874'] },
    ]);
  });
});

describe('validation, all-or-nothing and valid-only', () => {
  let importId: string;

  it('reports exactly the bad rows with codes and imports nothing', async () => {
    await admin.post('/api/members', { name: '老会员', phone: '13900000008', homeStoreId: storeA.id });
    const before = await memberCount();
    const data = await xlsxOf([
      HEADERS,
      ['张一', '13900000001', '男', '1990-01-02', '', '上海', 'VIP,老客', 'SA', 'gold', 'CARD0001', 'year', ''],
      ['张二', '12345678901', '女', '', '', '', '', 'SA', '', '', '', ''], // row 3: bad phone
      ['张三', '13900000003', '', new Date(Date.UTC(1985, 5, 6)), '', '', '', 'SB', '', '', 'year', ''],
      ['张四', '13900000005', '女', '2027-01-01', '', '', '', 'SA', '', '', '', ''], // row 5: future birthday
      ['张五', '139 0000 0006', 'female', '', '', '', 'a|b', '', '', '', '', '备注'], // default store
      ['张六', '13900000001', '男', '', '', '', '', 'SA', '', '', '', ''], // row 7: same phone as row 2
      ['张七', '13900000008', '男', '', '', '', '', 'SA', '', '', '', ''], // row 8: already a member
      ['张八', '13900000009', '男', '', '', '', '', 'NOPE', '', '', '', ''], // row 9: unknown store code
    ]);
    const { upload, status } = await uploadAndValidate(raw, data, 'members.xlsx', { defaultStoreId: storeA.id });
    importId = upload.id;
    expect(upload).toMatchObject({ fileFormat: 'xlsx', headers: HEADERS, totalRows: 8 });
    expect(upload.preview[0]).toEqual({ row: 2, cells: ['张一', '13900000001', '男', '1990-01-02', '', '上海', 'VIP,老客', 'SA', 'gold', 'CARD0001', 'year', ''] });
    expect(status).toMatchObject({ status: 'validated', totalRows: 8, errorRows: 5, progress: { done: 8, total: 8 } });
    expect(status.errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code])).toEqual([
      [3, 'phone', 'IMPORT_VALUE_INVALID'],
      [5, 'birthday', 'MEMBER_BIRTHDAY_IN_FUTURE'],
      [7, 'phone', 'IMPORT_DUPLICATE_IN_FILE'],
      [8, 'phone', 'MEMBER_PHONE_TAKEN'],
      [9, 'storeCode', 'IMPORT_STORE_UNKNOWN'],
    ]);
    expect(status.errors[2].message).toContain('第 2 行');
    const refused = await commit(raw, importId);
    expect(refused.refused.error).toMatchObject({ code: 'IMPORT_HAS_ERRORS', details: { errorRows: 5 } });
    expect(await memberCount()).toBe(before);
  });

  it('downloads the error report as xlsx and CSV', async () => {
    const x = await raw.send('GET', `/api/member-imports/${importId}/errors.xlsx`);
    expect(x.status).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(String(x.headers['content-disposition'])).toContain('attachment');
    const rows = await readXlsx(x.raw);
    expect(rows[0]).toEqual(['行号', ...HEADERS, '错误']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['3', '5', '7', '8', '9']);
    expect(rows[1]?.[2]).toBe('12345678901');
    expect(rows[1]?.[13]).toContain('手机号');
    const c = await raw.send('GET', `/api/member-imports/${importId}/errors.csv`);
    expect(c.status).toBe(200);
    const csv = parseCsv(c.raw);
    expect(csv.headers.at(-1)).toBe('错误');
    expect(csv.rows.map((r) => r.cells[0])).toEqual(['3', '5', '7', '8', '9']);
  });

  it('valid_only imports the other rows in one audited step', async () => {
    const before = await memberCount();
    const v = await raw.send('POST', `/api/member-imports/${importId}/validate`, { mapping: suggestMapping(HEADERS), mode: 'valid_only', defaultStoreId: storeA.id });
    expect(v.status).toBe(202);
    expect((await waitFor(raw, importId)).errorRows).toBe(5);
    const { done } = await commit(raw, importId);
    expect(done).toMatchObject({ status: 'completed', importedRows: 3, errorRows: 5 });
    expect(await memberCount()).toBe(before + 3);
    const one = (await admin.get('/api/members?q=13900000001')).body.items[0];
    expect(one).toMatchObject({ name: '张一', gender: 'male', birthday: '1990-01-02', address: '上海', tags: ['VIP', '老客'], homeStoreId: storeA.id, channel: 'import', card: { cardNo: 'CARD0001', status: 'active' } });
    const three = (await admin.get('/api/members?q=13900000003')).body.items[0];
    expect(three).toMatchObject({ birthday: '1985-06-06', homeStoreId: storeB.id });
    expect(three.card.cardNo).toMatch(/^\d{12}$/); // generated for a card type without a number
    expect((await admin.get('/api/members?q=13900000006')).body.items[0]).toMatchObject({ gender: 'female', tags: ['a', 'b'], notes: '备注', homeStoreId: storeA.id });
    const audit = await admin.get(`/api/audit?action=member.import&entityId=${importId}`);
    expect(audit.body.total).toBe(1);
    expect(audit.body.items[0].summary.after).toMatchObject({ importedRows: 3, errorRows: 5, totalRows: 8 });
    // an import runs once
    expect((await raw.send('POST', `/api/member-imports/${importId}/commit`, {})).json().error.code).toBe('IMPORT_STATE_INVALID');
  });

  it('keeps staff inside their stores and imports from CSV', async () => {
    const role = await createRole(admin, { dataScope: 'stores', scopeIds: [storeA.id], permissions: ['members.view', 'members.import'] });
    const staff = await createStaff(admin, { roleId: role.id, homeStoreId: storeA.id });
    const first = await loggedIn(system, staff.username, 'Initial#2026');
    await first.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: 'Staff#2026x' });
    const cashier = await new RawClient().login(staff.username, 'Staff#2026x');
    const csv = csvOf([
      ['name', 'mobile', 'store code'],
      ['甲', '13700000001', 'SA'],
      ['乙', '13700000002', 'SB'],
    ]);
    const { upload, status } = await uploadAndValidate(cashier, csv, 'a.csv', { contentType: 'text/csv' });
    expect(upload.fileFormat).toBe('csv');
    expect(status.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([[3, 'AUTH_STORE_FORBIDDEN']]);
    // another staff member's import is not visible
    const other = await raw.send('GET', `/api/member-imports/${upload.id}`);
    expect(other.status).toBe(200); // the administrator sees every import
    expect((await cashier.send('GET', `/api/member-imports/${importId}`)).status).toBe(404);
    const bad = await cashier.upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'old.xls');
    expect(bad.json().error.code).toBe('IMPORT_FILE_INVALID');
    const noPerm = await raw.send('GET', '/api/member-imports/template.xlsx');
    expect(noPerm.status).toBe(200);
    expect((await readXlsx(noPerm.raw))[0]).toEqual(HEADERS);
  });
});

describe('export', () => {
  it('export → re-import into another merchant gives the same members (xlsx and CSV agree)', async () => {
    const c = await createStore(admin, { name: 'C店', code: 'SC' });
    const source = csvOf([
      HEADERS,
      ['钱一', '13600000001', '男', '1991-02-03', '310101199102030011', '北京路 1 号', '新客,生日', 'SC', 'gold', 'RT000001', 'year', '=不是公式'],
      ['钱二', '13600000002', '女', '', '', '', '', 'SC', '', '', '', '第二行\n备注'],
      ['钱三', '13600000003', '', '2000-12-31', '', '', '', 'SC', 'normal', '', '', ''],
    ]);
    const first = await uploadAndValidate(raw, source, 'rt.csv');
    expect(first.status.errors).toEqual([]);
    expect((await commit(raw, first.upload.id)).done.importedRows).toBe(3);

    const x = await raw.send('GET', `/api/members/export?format=xlsx&storeId=${c.id}&sort=name&order=asc`);
    expect(x.status).toBe(200);
    const exported = await readXlsx(x.raw);
    expect(exported[0]).toEqual(HEADERS);
    expect(exported.slice(1)).toEqual([
      ['钱一', '13600000001', '男', '1991-02-03', '310101199102030011', '北京路 1 号', '新客,生日', 'SC', 'gold', 'RT000001', 'year', '=不是公式'],
      ['钱三', '13600000003', '', '2000-12-31', '', '', '', 'SC', 'normal', '', '', ''],
      ['钱二', '13600000002', '女', '', '', '', '', 'SC', 'normal', '', '', '第二行\n备注'],
    ]);
    const csv = await raw.send('GET', `/api/members/export?format=csv&storeId=${c.id}&sort=name&order=asc`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const csvTable = parseCsv(csv.raw);
    expect([csvTable.headers, ...csvTable.rows.map((r) => r.cells)]).toEqual(exported);

    // the same codes in a second merchant, then the export goes in unchanged
    await addMerchant(system, 'm2');
    const admin2 = await loggedIn(system, ADMIN.username, ADMIN.password, 'm2');
    const raw2 = await new RawClient().login(ADMIN.username, ADMIN.password, 'm2');
    const c2 = await createStore(admin2, { name: 'C店', code: 'SC' });
    await admin2.post('/api/member-levels', { code: 'normal', name: '普通', rank: 0, upgradeThreshold: 0 });
    await admin2.post('/api/member-levels', { code: 'gold', name: '金卡', rank: 2, upgradeThreshold: 500_000 });
    await admin2.post('/api/card-types', { code: 'year', name: '年卡', validityKind: 'year' });
    const again = await uploadAndValidate(raw2, x.raw, 'export.xlsx');
    expect(again.status.errors).toEqual([]);
    expect((await commit(raw2, again.upload.id)).done.importedRows).toBe(3);
    const x2 = await raw2.send('GET', `/api/members/export?format=xlsx&storeId=${c2.id}&sort=name&order=asc`);
    expect(await readXlsx(x2.raw)).toEqual(exported);
  });

  it('masks phones for staff without members.view_phone', async () => {
    const role = await createRole(admin, { dataScope: 'all', permissions: ['members.view', 'members.export'] });
    const staff = await createStaff(admin, { roleId: role.id });
    const first = await loggedIn(system, staff.username, 'Initial#2026');
    await first.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: 'Staff#2026x' });
    const viewer = await new RawClient().login(staff.username, 'Staff#2026x');
    const res = await viewer.send('GET', '/api/members/export?format=csv&q=13600000001');
    expect(parseCsv(res.raw).rows.map((r) => r.cells[1])).toEqual(['136****0001']);
  });
});

/**
 * What a new merchant's PostgreSQL server holds after its first registrations: members analysed
 * while small, and every pooled connection with the plans of the member foreign-key checks made
 * for that size (PostgreSQL keeps a generic plan after five uses).
 */
async function cacheForeignKeyPlansOfSmallMembers() {
  const db = system.db.kysely;
  const member = (await admin.post('/api/members', { name: '首位会员', phone: '15799999999', homeStoreId: storeA.id })).body as { id: string };
  await sql`ANALYZE members`.execute(db);
  const connections = 8; // createTestSystem's pool size
  let waiting = connections;
  let allHeld!: () => void;
  const held = new Promise<void>((resolve) => (allHeld = resolve));
  const rollback = new Error('rollback');
  await Promise.all(
    Array.from({ length: connections }, (_, c) =>
      db
        .transaction()
        .execute(async (tx) => {
          for (let i = 0; i < 8; i++) await tx.insertInto('member_tags').values({ merchant_id: system.merchantId, member_id: member.id, tag: `plan-${c}-${i}` }).execute();
          if (--waiting === 0) allHeld();
          await held; // all at once, so each of them is on its own connection
          throw rollback;
        })
        .catch((e: unknown) => {
          if (e !== rollback) throw e;
        }),
    ),
  );
}

/** PostgreSQL's counts for members, once they include `inserted` inserts (a backend reports them within a second or so of going idle). */
async function membersStatistics(inserted = 0): Promise<{ inserted: number; scanned: number }> {
  for (let tries = 0; ; tries++) {
    const { rows } = await sql<{ inserted: string; scanned: string }>`SELECT n_tup_ins AS inserted, seq_tup_read AS scanned FROM pg_stat_user_tables WHERE relname = 'members'`.execute(system.db.kysely);
    const counts = { inserted: Number(rows[0]?.inserted), scanned: Number(rows[0]?.scanned) };
    if (counts.inserted >= inserted || tries === 150) return counts;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a merchant’s first big import', () => {
  it('imports 20,000 members with their cards and tags; on PostgreSQL their foreign keys are checked by index although the connections planned them while members was small', async () => {
    const N = 20_000;
    const file = await bigXlsx(N, new Map(), { phone: '157', card: 'SML' });
    const up = (await raw.upload(file, 'first-import.xlsx', XLSX_TYPE)).json();
    await raw.send('POST', `/api/member-imports/${up.id}/validate`, { mapping: up.suggestedMapping });
    expect((await waitFor(raw, up.id)).errorRows).toBe(0);
    const postgres = system.db.dialect === 'postgres';
    let before = { inserted: 0, scanned: 0 };
    if (postgres) {
      await cacheForeignKeyPlansOfSmallMembers();
      before = await membersStatistics();
    }
    const count = await memberCount();

    const { done } = await commit(raw, up.id);
    expect(done).toMatchObject({ status: 'completed', importedRows: N, errorRows: 0 });
    if (postgres) {
      // scanning members once per card and tag would read some 10^8 rows; by index the import scans none
      const after = await membersStatistics(before.inserted + N);
      expect(after.inserted).toBeGreaterThanOrEqual(before.inserted + N);
      expect(after.scanned - before.scanned).toBeLessThan(N);
    }
    expect(await memberCount()).toBe(count + N);
    const db = system.db.kysely;
    const cards = await db.selectFrom('member_cards').select((eb) => eb.fn.countAll<number>().as('n')).where('card_no', 'like', 'SML%').executeTakeFirstOrThrow();
    expect(Number(cards.n)).toBe(N / 10);
    const tagged = await db
      .selectFrom('member_tags')
      .innerJoin('members', (j) => j.onRef('members.merchant_id', '=', 'member_tags.merchant_id').onRef('members.id', '=', 'member_tags.member_id'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('members.phone', 'like', '157%')
      .executeTakeFirstOrThrow();
    expect(Number(tagged.n)).toBe((N / 5) * 2);
  }, 120_000);
});

describe('100,000 rows', () => {
  it('a file with a few bad rows reports exactly those and imports nothing; fixed, it imports all', async () => {
    // also proves Chinese text survives the streaming reader's chunk boundaries (every 性别 cell is 男/女)
    const N = 100_000;
    const bad = new Map<number, unknown[]>([
      [1_234, ['坏1', '1550000', '男', '', '', '', '', 'SA', '', '', '', '']],
      [50_001, ['坏2', '15600000001', '男', '2030-01-01', '', '', '', 'SA', '', '', '', '']],
      [99_999, ['坏3', '15500000010', '男', '', '', '', '', 'SA', '', '', '', '']], // same phone as row 12
    ]);
    let t = Date.now();
    const file = await bigXlsx(N, bad);
    const tGen = Date.now() - t;
    const before = await memberCount();

    t = Date.now();
    const up = await raw.upload(file, 'big.xlsx', XLSX_TYPE);
    expect(up.status).toBe(201);
    const upload = up.json();
    const tParse = Date.now() - t;
    expect(upload.totalRows).toBe(N);
    t = Date.now();
    await raw.send('POST', `/api/member-imports/${upload.id}/validate`, { mapping: upload.suggestedMapping });
    const checked = await waitFor(raw, upload.id);
    const tValidate = Date.now() - t;
    expect(checked.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [1_234, 'IMPORT_VALUE_INVALID'],
      [50_001, 'MEMBER_BIRTHDAY_IN_FUTURE'],
      [99_999, 'IMPORT_DUPLICATE_IN_FILE'],
    ]);
    expect((await commit(raw, upload.id)).refused.error.code).toBe('IMPORT_HAS_ERRORS');
    expect(await memberCount()).toBe(before);

    bad.clear();
    const fixed = await bigXlsx(N, bad);
    t = Date.now();
    const up2 = (await raw.upload(fixed, 'big-fixed.xlsx', XLSX_TYPE)).json();
    const tParse2 = Date.now() - t;
    t = Date.now();
    await raw.send('POST', `/api/member-imports/${up2.id}/validate`, { mapping: up2.suggestedMapping });
    expect((await waitFor(raw, up2.id)).errorRows).toBe(0);
    const tValidate2 = Date.now() - t;
    t = Date.now();
    const { done } = await commit(raw, up2.id);
    const tCommit = Date.now() - t;
    expect(done).toMatchObject({ status: 'completed', importedRows: N, errorRows: 0 });
    expect(await memberCount()).toBe(before + N);
    console.log(`[member-import ${system.db.dialect}] 100k rows: generate ${tGen} ms; upload+parse ${tParse} / ${tParse2} ms; validate ${tValidate} / ${tValidate2} ms; commit ${tCommit} ms; total (fixed file) ${tParse2 + tValidate2 + tCommit} ms`);
  }, 400_000);
});

describe('custom fields (扩展字段) in imports', () => {
  it('maps columns to the merchant’s custom fields and checks every value like the API', async () => {
    const skin = (await admin.post('/api/custom-fields', { entity: 'member', key: 'skin', label: '肤质', type: 'single', options: ['干性', '油性'], required: true })).body;
    const height = (await admin.post('/api/custom-fields', { entity: 'member', key: 'height', label: '身高', type: 'number' })).body;
    const rows = [
      ['姓名', '手机号', '门店编码', '肤质', '身高'],
      ['扩一', '13700000101', 'SA', '干性', '172'],
      ['扩二', '13700000102', 'SA', '中性', ''],
      ['扩三', '13700000103', 'SA', '', '180'],
      ['扩四', '13700000104', 'SA', '油性', '高'],
    ];
    const bad = await uploadAndValidate(raw, csvOf(rows), 'custom.csv');
    expect(bad.upload.suggestedMapping.custom).toEqual({ skin: 3, height: 4 });
    expect(bad.status.errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code])).toEqual([
      [3, 'customFields.skin', 'FIELD_VALUE_INVALID'],
      [4, 'customFields.skin', 'FIELD_VALUE_INVALID'],
      [5, 'customFields.height', 'FIELD_VALUE_INVALID'],
    ]);
    const fixed = rows.map((r, i) => (i === 2 || i === 3 ? [r[0]!, r[1]!, r[2]!, '油性', r[4]!] : i === 4 ? [r[0]!, r[1]!, r[2]!, r[3]!, '165'] : r));
    const good = await uploadAndValidate(raw, csvOf(fixed), 'custom.csv');
    expect(good.status.errorRows).toBe(0);
    expect((await commit(raw, good.upload.id)).done).toMatchObject({ status: 'completed', importedRows: 4 });
    expect((await admin.get('/api/members?q=13700000101')).body.items[0].customFields).toEqual({ skin: '干性', height: 172 });
    expect((await admin.get('/api/members?q=13700000104')).body.items[0].customFields).toEqual({ skin: '油性', height: 165 });
    // an export carries the custom columns under their labels, so it maps straight back
    const exported = await raw.send('GET', '/api/members/export?format=csv&q=13700000101');
    const lines = exported.raw.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]?.split(',').slice(-2)).toEqual(['身高', '肤质']); // in the fields' sort order, then key
    expect(lines[1]?.split(',').slice(-2)).toEqual(['172', '干性']);
    const unknown = await raw.send('POST', `/api/member-imports/${good.upload.id}/validate`, { mapping: { ...good.upload.suggestedMapping, custom: { nope: 1 } } });
    expect(unknown.json().error).toMatchObject({ code: 'IMPORT_MAPPING_INVALID', field: 'mapping.custom.nope' });
    for (const f of [skin, height]) await admin.patch(`/api/custom-fields/${f.id}`, { status: 'archived' });
  });
});
