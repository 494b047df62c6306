import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, loggedIn } from './support/api-client';
import { closeTestSystem } from './support/close';
import { merchantSnapshot } from './support/db-inspect';
import { createRole, createStaff, createStore, STAFF_PASSWORD } from './support/fixtures';
import { ledgerProblems } from './support/ledger-invariants';
import { ADMIN, createTestSystem, type TestSystem } from './support/test-system';

// 积分导入: opening points balances from CSV or xlsx (RULES R4 expiry, R14 whole-file validation).

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The test clock is 2026-11-26 10:00 in Shanghai; the default policy (year_end_next) ends 2026's points with 2027. */
const DEFAULT_EXPIRY = '2027-12-31T16:00:00.000Z';

let system: TestSystem;
let admin: ApiClient;
let storeA: { id: string };
let storeB: { id: string };
let cardType: string;
let phoneSeq = 0;

const phone = () => `139${String(10_000_000 + ++phoneSeq).slice(-8)}`;

async function member(homeStoreId = storeA.id) {
  const res = await admin.post('/api/members', { name: '老会员', phone: phone(), homeStoreId, card: { cardTypeId: cardType } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body as { id: string; phone: string; card: { cardNo: string } };
}

function csvOf(rows: string[][]): Buffer {
  const esc = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(esc).join(',')).join('\r\n')}\r\n`);
}

async function xlsxOf(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('积分');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(api: ApiClient, data: Buffer, options: { dryRun?: boolean; fileName?: string; contentType?: string; headers?: Record<string, string> } = {}) {
  const query = `fileName=${encodeURIComponent(options.fileName ?? 'points.csv')}&dryRun=${options.dryRun ? 'true' : 'false'}`;
  return api.request('POST', `/api/points-imports?${query}`, data, { 'content-type': options.contentType ?? 'text/csv', ...options.headers });
}

const wallet = async (memberId: string) => (await admin.get(`/api/members/${memberId}/wallet`)).body;
const snapshot = () => merchantSnapshot(system.db.kysely, system.merchantId);
const rowErrors = (body: { error: { details: { errors: { row: number; field: string; code: string }[] } } }) =>
  body.error.details.errors.map(({ row, field, code }) => ({ row, field, code }));

async function staffWith(permissions: string[], scope: { dataScope: string; scopeIds?: string[] } = { dataScope: 'all' }) {
  const role = await createRole(admin, { permissions, ...scope });
  const staff = await createStaff(admin, { roleId: role.id, homeStoreId: scope.scopeIds?.[0] ?? null, storeIds: scope.scopeIds ?? [] });
  const api = await loggedIn(system, staff.username, 'Initial#2026');
  await api.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: STAFF_PASSWORD });
  return api;
}

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  storeA = await createStore(admin, { name: 'A店' });
  storeB = await createStore(admin, { name: 'B店' });
  cardType = (await admin.post('/api/card-types', { code: 'pts', name: '积分卡', validityKind: 'permanent' })).body.id;
});
afterAll(async () => {
  expect(await ledgerProblems(system.db.kysely, system.merchantId)).toEqual([]);
  await closeTestSystem(system);
});

describe('a good file', () => {
  it('CSV: a dry run sums it and writes nothing; the import credits exactly those points with their expiries', async () => {
    const [byCard, byPhone, withExpiry] = [await member(), await member(), await member(storeB.id)];
    const file = csvOf([
      ['手机号', '卡号', '积分', '到期日', '备注'],
      ['', byCard.card.cardNo, '1200', '', '旧系统迁移'],
      [byPhone.phone, '', '350', '', ''],
      // phones as people type them: +86 and spaces
      [`+86 ${withExpiry.phone.slice(0, 3)} ${withExpiry.phone.slice(3, 7)} ${withExpiry.phone.slice(7)}`, '', '88', '2027-06-30', ''],
    ]);

    const before = await snapshot();
    const dry = await upload(admin, file, { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ totalRows: 3, totalPoints: 1638, members: 3 });
    expect(await snapshot()).toEqual(before);

    const res = await upload(admin, file, { fileName: '旧系统积分.csv' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), totalRows: 3, totalPoints: 1638 });

    expect(await wallet(byCard.id)).toMatchObject({ points: 1200, pointsExpiring: [{ points: 1200, expiresAt: DEFAULT_EXPIRY }] });
    expect(await wallet(byPhone.id)).toMatchObject({ points: 350, pointsExpiring: [{ points: 350, expiresAt: DEFAULT_EXPIRY }] });
    // usable through 2027-06-30 in Shanghai: they end as 07-01 starts there
    expect(await wallet(withExpiry.id)).toMatchObject({ points: 88, pointsExpiring: [{ points: 88, expiresAt: '2027-06-30T16:00:00.000Z' }] });

    const statement = (await admin.get(`/api/members/${byCard.id}/ledger?asset=POINTS`)).body;
    expect(statement.items).toHaveLength(1);
    expect(statement.items[0]).toMatchObject({ kind: 'points_import', docType: 'points_import', docId: res.body.id, amount: 1200, balanceAfter: 1200, memo: '旧系统积分.csv' });

    const history = (await admin.get('/api/points-imports')).body;
    expect(history.items[0]).toMatchObject({ id: res.body.id, fileName: '旧系统积分.csv', totalRows: 3, totalPoints: 1638, createdByName: expect.any(String) });
    const audit = await system.db.kysely.selectFrom('audit_log').selectAll().where('merchant_id', '=', system.merchantId).where('action', '=', 'points.import').where('entity_id', '=', res.body.id).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.summary).after).toMatchObject({ totalRows: 3, totalPoints: 1638, notes: [{ row: 2, memberId: byCard.id, note: '旧系统迁移' }] });
  });

  it('xlsx with English headers, number and date cells: credits on top of an existing balance', async () => {
    const [byCard, byPhone, withExpiry] = [await member(), await member(), await member()];
    const first = await upload(admin, csvOf([['phone', 'points'], [byPhone.phone, '10']]));
    expect(first.status).toBe(201);
    const file = await xlsxOf([
      ['Card No', 'Mobile', 'Points', 'Expires On', 'Remark'],
      [byCard.card.cardNo, null, 500, null, null],
      [null, Number(byPhone.phone), 40, null, 'vip'],
      [null, Number(withExpiry.phone), 7, new Date(Date.UTC(2028, 1, 29)), null],
    ]);
    const dry = await upload(admin, file, { dryRun: true, contentType: XLSX_TYPE, fileName: 'points.xlsx' });
    expect(dry.body).toEqual({ totalRows: 3, totalPoints: 547, members: 3 });
    const res = await upload(admin, file, { contentType: XLSX_TYPE, fileName: 'points.xlsx' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ totalRows: 3, totalPoints: 547 });
    expect(await wallet(byCard.id)).toMatchObject({ points: 500, pointsExpiring: [{ points: 500, expiresAt: DEFAULT_EXPIRY }] });
    expect(await wallet(byPhone.id)).toMatchObject({
      points: 50,
      pointsExpiring: [
        { points: 10, expiresAt: DEFAULT_EXPIRY },
        { points: 40, expiresAt: DEFAULT_EXPIRY },
      ],
    });
    expect(await wallet(withExpiry.id)).toMatchObject({ points: 7, pointsExpiring: [{ points: 7, expiresAt: '2028-02-29T16:00:00.000Z' }] });
    const kinds = (await admin.get(`/api/members/${byPhone.id}/ledger?asset=POINTS`)).body.items.map((e: { kind: string; amount: number }) => [e.kind, e.amount]);
    expect(kinds).toEqual([
      ['points_import', 40],
      ['points_import', 10],
    ]);
  });

  it('the same Idempotency-Key replays the stored result and credits once', async () => {
    const m = await member();
    const file = csvOf([['手机号', '积分'], [m.phone, '100']]);
    const headers = { 'idempotency-key': `points-import-${m.id}` };
    const first = await upload(admin, file, { headers });
    expect(first.status).toBe(201);
    const again = await upload(admin, file, { headers });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await wallet(m.id)).points).toBe(100);
  });
});

describe('a file with bad rows', () => {
  it('reports exactly the unknown phone, the fractional points and the repeated member, and writes nothing', async () => {
    const [a, b, c] = [await member(), await member(), await member()];
    const rows = [
      ['手机号', '卡号', '积分', '到期日'],
      [a.phone, '', '100', ''],
      ['13900000000', '', '100', ''],
      [b.phone, '', '12.5', ''],
      ['', c.card.cardNo, '30', ''],
      ['', a.card.cardNo, '20', ''],
    ];
    const expected = [
      { row: 3, field: 'phone', code: 'MEMBER_NOT_FOUND' },
      { row: 4, field: 'points', code: 'POINTS_IMPORT_POINTS_INVALID' },
      { row: 6, field: 'cardNo', code: 'POINTS_IMPORT_DUPLICATE_MEMBER' },
    ];
    const before = await snapshot();
    for (const file of [csvOf(rows), await xlsxOf(rows)]) {
      for (const dryRun of [true, false]) {
        const res = await upload(admin, file, { dryRun, contentType: file[0] === 0x50 ? XLSX_TYPE : 'text/csv' });
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({ code: 'POINTS_IMPORT_INVALID', details: { errorRows: 3 } });
        expect(rowErrors(res.body)).toEqual(expected);
        expect(res.body.error.details.errors[2].message).toBe('与第 2 行是同一会员');
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('names every other problem: erased, outside the importer’s stores, bad, zero, negative, huge or missing points, bad or past dates, no member', async () => {
    const [mine, other, erased, fine] = [await member(storeA.id), await member(storeB.id), await member(storeA.id), await member(storeA.id)];
    expect((await admin.post(`/api/members/${erased.id}/erase`, { reason: '会员申请' })).status).toBe(200);
    const storeStaff = await staffWith(['members.view', 'points.import'], { dataScope: 'stores', scopeIds: [storeA.id] });
    const file = csvOf([
      ['phone', 'cardNo', 'points', 'expiresOn', 'note'],
      ['', erased.card.cardNo, '10', '', ''],
      [other.phone, '', '10', '', ''],
      [mine.phone, other.card.cardNo, '10', '', ''],
      [fine.phone, '', '0', '', ''],
      ['', '', '-5', '', ''],
      ['12345', '', '1000000000001', '', ''],
      ['', fine.card.cardNo, 'abc', '2027-02-30', ''],
      [mine.phone, '', '', '2026-11-25', 'x'.repeat(201)],
      [fine.phone, '', '5', '2026-11-26', ''],
    ]);
    const before = await snapshot();
    const res = await upload(storeStaff, file, { dryRun: true });
    expect(res.status).toBe(400);
    expect(rowErrors(res.body)).toEqual([
      { row: 2, field: 'cardNo', code: 'MEMBER_ERASED' },
      { row: 3, field: 'phone', code: 'AUTH_STORE_FORBIDDEN' },
      { row: 4, field: 'cardNo', code: 'POINTS_IMPORT_MEMBER_MISMATCH' },
      { row: 5, field: 'points', code: 'POINTS_IMPORT_POINTS_INVALID' },
      { row: 6, field: 'phone', code: 'POINTS_IMPORT_MEMBER_REQUIRED' },
      { row: 6, field: 'points', code: 'POINTS_IMPORT_POINTS_INVALID' },
      { row: 7, field: 'phone', code: 'POINTS_IMPORT_PHONE_INVALID' },
      { row: 7, field: 'points', code: 'POINTS_IMPORT_POINTS_INVALID' },
      { row: 8, field: 'cardNo', code: 'POINTS_IMPORT_DUPLICATE_MEMBER' },
      { row: 8, field: 'points', code: 'POINTS_IMPORT_POINTS_INVALID' },
      { row: 8, field: 'expiresOn', code: 'POINTS_IMPORT_DATE_INVALID' },
      { row: 9, field: 'points', code: 'POINTS_IMPORT_POINTS_REQUIRED' },
      { row: 9, field: 'expiresOn', code: 'POINTS_IMPORT_DATE_PAST' },
      { row: 9, field: 'note', code: 'POINTS_IMPORT_NOTE_TOO_LONG' },
      { row: 10, field: 'phone', code: 'POINTS_IMPORT_DUPLICATE_MEMBER' },
    ]);
    // today is still a valid last day; the store-A staff member may credit their own store's member
    const ok = await upload(storeStaff, csvOf([['phone', 'points', 'expiresOn'], [fine.phone, '5', '2026-11-26']]));
    expect(ok.status).toBe(201);
    expect(await wallet(fine.id)).toMatchObject({ points: 5, pointsExpiring: [{ points: 5, expiresAt: '2026-11-26T16:00:00.000Z' }] });
    const after = await snapshot();
    expect(after.ledger_entries).toHaveLength((before.ledger_entries as unknown[]).length + 2);
    // a staff member sees their own imports only
    expect((await storeStaff.get('/api/points-imports')).body).toMatchObject({ total: 1, items: [{ id: ok.body.id }] });
  });

  it('refuses a file without the needed columns, an empty file, a non-file body and an unreadable file', async () => {
    const before = await snapshot();
    const noPoints = await upload(admin, csvOf([['手机号', '备注'], ['13900000001', 'x']]));
    expect(noPoints.status).toBe(400);
    expect(noPoints.body.error).toMatchObject({ code: 'POINTS_IMPORT_COLUMNS_MISSING', field: 'file' });
    expect(noPoints.body.error.details.columns).toContain('积分');
    const noMember = await upload(admin, csvOf([['积分'], ['5']]));
    expect(noMember.body.error.code).toBe('POINTS_IMPORT_COLUMNS_MISSING');
    expect((await upload(admin, csvOf([['手机号', '积分']]))).body.error).toMatchObject({ code: 'POINTS_IMPORT_EMPTY' });
    expect((await upload(admin, Buffer.alloc(0))).body.error).toMatchObject({ code: 'SPREADSHEET_INVALID', field: 'file' });
    expect((await upload(admin, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]))).body.error.code).toBe('SPREADSHEET_INVALID');
    const json = await admin.post('/api/points-imports?dryRun=false', { phone: '13900000001', points: 5 });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const badQuery = await upload(admin, csvOf([['手机号', '积分'], ['13900000001', '1']]), { fileName: '' });
    expect(badQuery.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});

describe('access', () => {
  it('a staff member without points.import gets 403 for the import and its history', async () => {
    const m = await member();
    const clerk = await staffWith(['members.view', 'wallet.view', 'points.adjust']);
    const before = await snapshot();
    for (const dryRun of [true, false]) {
      const res = await upload(clerk, csvOf([['手机号', '积分'], [m.phone, '100']]), { dryRun });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'AUTH_FORBIDDEN', details: { permission: 'points.import' } });
    }
    expect((await clerk.get('/api/points-imports')).status).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect((await wallet(m.id)).points).toBe(0);
  });
});
