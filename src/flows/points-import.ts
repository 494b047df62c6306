import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { planForGrowingTables } from '../db/sql-helpers';
import { addDays, localDateTime, startOfLocalDay, type Clock } from '../kernel/clock';
import { AppError, errorCatalog } from '../kernel/errors';
import { interpolate, type Lang } from '../kernel/i18n';
import { newId } from '../kernel/ids';
import { MAX_FEN } from '../kernel/money';
import { canAccessStore } from '../platform/access';
import type { AccessContext } from '../platform/context';
import { detectFormat, matchColumns, MAX_SHEET_BYTES, parseFile, SpreadsheetErrors, type ParsedTable } from '../platform/spreadsheets';
import type { WriteScope } from '../platform/write';
import { normalisePhone, parseDateText } from '../modules/members/import/import-validate';
import type { MembersService } from '../modules/members/members.service';
import type { OrgService } from '../modules/org/org.service';
import { Accounts, POINTS, type Posting } from '../modules/wallet/ledger';
import type { PointsImportDto, PointsImportField, PointsImportRowError } from '../modules/wallet/points-import.schemas';
import { pointsImportsRepository } from '../modules/wallet/wallet.repository';
import { pointsExpiresAt } from '../modules/wallet/wallet-rules';
import { WalletErrors } from '../modules/wallet/wallet.errors';
import type { WalletService } from '../modules/wallet/wallet.service';
import { PointsImportErrors } from './points-import.errors';

type Exec = Kysely<Database>;

/**
 * Rows per file. The whole file is one ledger transaction whose account lookups and locks are
 * single `IN (…)` statements, so this stays well below SQLite's 32,766 bound variables.
 */
export const MAX_POINTS_IMPORT_ROWS = 20_000;
const NOTE_MAX = 200;
const MOBILE = /^1[3-9]\d{9}$/;
const CARD_NO_MAX = 32;

/** Header spellings recognised per column (compared like the member import's: case, width, spaces and punctuation ignored). */
const ALIASES: Record<PointsImportField, string[]> = {
  phone: ['手机号', '手机', '手机号码', '电话', '联系电话', '电话号码', '移动电话', '会员手机号', 'phone', 'mobile', 'mobilephone', 'phonenumber', 'cellphone', 'tel'],
  cardNo: ['卡号', '会员卡号', '卡号码', 'cardno', 'cardnumber', 'card'],
  points: ['积分', '积分余额', '期初积分', '可用积分', '当前积分', '剩余积分', 'points', 'point', 'pointsbalance', 'openingpoints', 'balance'],
  expiresOn: ['到期日', '到期日期', '积分到期日', '过期日', '过期日期', '有效期至', '有效期', 'expireson', 'expiresat', 'expires', 'expiry', 'expirydate', 'expirationdate', 'validuntil'],
  note: ['备注', '说明', 'note', 'notes', 'remark', 'remarks', 'comment', 'comments', 'memo'],
};

/** The headers of the template (and the ones the UI's template download writes). */
export const TEMPLATE_HEADERS: Record<PointsImportField, string> = { phone: '手机号', cardNo: '卡号', points: '积分', expiresOn: '到期日', note: '备注' };
const FIELD_ORDER: readonly PointsImportField[] = ['phone', 'cardNo', 'points', 'expiresOn', 'note'];

/** A parsed points file and which column holds each field. */
export interface PointsFile {
  table: ParsedTable;
  columns: Record<PointsImportField, number | null>;
}

interface GoodRow {
  line: number;
  memberId: string;
  points: number;
  expiresAt: string | null;
  note: string;
}

interface Checked {
  good: GoodRow[];
  totalPoints: number;
}

/** Row problems in one language, as the member import writes them: row, field, stable code, message. */
class RowErrors {
  readonly list: PointsImportRowError[] = [];
  private readonly rows = new Set<number>();
  constructor(private readonly lang: Lang) {}

  add(row: number, field: PointsImportField, code: string, details: Record<string, unknown> = {}) {
    const template = errorCatalog().get(code)?.message[this.lang] ?? code;
    this.list.push({ row, field, code, message: interpolate(template, details) });
    this.rows.add(row);
  }

  has(row: number) {
    return this.rows.has(row);
  }

  get rowCount() {
    return this.rows.size;
  }

  sorted() {
    return this.list.sort((a, b) => a.row - b.row || FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
  }
}

/** A whole positive number of points from a cell: "1200", "１２００" or an Excel number; anything else is null. */
function parsePoints(text: string): number | null {
  const s = text.normalize('NFKC').trim();
  if (!/^\d{1,13}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= MAX_FEN ? n : null;
}

/**
 * 积分导入 (PRODUCT: a merchant moving from an old system brings its members' points balances):
 * a CSV or xlsx file of phone or card number, points and an optional expiry. Every row is checked
 * first (RULES R14) and nothing is written while any row fails; a good file becomes ONE ledger
 * transaction crediting each member's points from the merchant's opening-balance account, with
 * one points_imports row and one audit row, in one database transaction.
 */
export class PointsImportFlow {
  constructor(
    private readonly db: Exec,
    private readonly org: OrgService,
    private readonly members: MembersService,
    private readonly wallet: WalletService,
    private readonly clock: Clock,
    private readonly defaultTimeZone: string,
  ) {}

  /** Reads the file (before any transaction opens) and finds its columns; an unreadable file or missing columns are thrown. */
  async read(data: Buffer): Promise<PointsFile> {
    if (data.length > MAX_SHEET_BYTES) throw new AppError(SpreadsheetErrors.SPREADSHEET_TOO_LARGE, { field: 'file', details: { maxRows: MAX_POINTS_IMPORT_ROWS } });
    const table = await parseFile(data, detectFormat(data), { maxRows: MAX_POINTS_IMPORT_ROWS });
    const columns = matchColumns(table.headers, ALIASES);
    const missing: string[] = [];
    if (columns.phone === null && columns.cardNo === null) missing.push(`${TEMPLATE_HEADERS.phone} (phone) / ${TEMPLATE_HEADERS.cardNo} (cardNo)`);
    if (columns.points === null) missing.push(`${TEMPLATE_HEADERS.points} (points)`);
    if (missing.length > 0) throw new AppError(PointsImportErrors.POINTS_IMPORT_COLUMNS_MISSING, { field: 'file', details: { columns: missing.join(', ') } });
    if (table.rows.length === 0) throw new AppError(PointsImportErrors.POINTS_IMPORT_EMPTY, { field: 'file' });
    return { table, columns };
  }

  /** Dry run: every row checked as the import would, nothing written. */
  async preview(ctx: AccessContext, file: PointsFile, lang: Lang) {
    const checked = await this.check(this.db, ctx, file, lang, this.clock.now());
    return { totalRows: checked.good.length, totalPoints: checked.totalPoints, members: new Set(checked.good.map((r) => r.memberId)).size };
  }

  /** The import: checked again inside the write's transaction, then ledger, history row and audit together. */
  async commit(w: WriteScope, ctx: AccessContext, fileName: string, file: PointsFile, lang: Lang) {
    await planForGrowingTables(w.tx); // new ledger accounts, then postings and lots referring to them
    const checked = await this.check(w.tx, ctx, file, lang, w.now);
    const id = newId();
    const opening = Accounts.merchant('points_opening', POINTS);
    const postings: Posting[] = checked.good.map((r) => ({ from: opening, to: Accounts.points(r.memberId), amount: r.points, expiresAt: r.expiresAt }));
    const txn = await this.wallet.ledger.post(w, { kind: 'points_import', docType: 'points_import', docId: id, memo: fileName }, postings);
    await pointsImportsRepository.insert(w.tx, {
      merchant_id: ctx.merchantId,
      id,
      file_name: fileName,
      total_rows: checked.good.length,
      total_points: checked.totalPoints,
      txn_id: txn.id,
      created_by: ctx.staffId,
      created_at: w.now.toISOString(),
    });
    const notes = checked.good.filter((r) => r.note !== '').map((r) => ({ row: r.line, memberId: r.memberId, points: r.points, note: r.note }));
    await w.audit({
      action: 'points.import',
      entityType: 'points_import',
      entityId: id,
      after: { fileName, totalRows: checked.good.length, totalPoints: checked.totalPoints, txnId: txn.id, ...(notes.length ? { notes } : {}) },
    });
    return { id, totalRows: checked.good.length, totalPoints: checked.totalPoints };
  }

  /** Import history, newest first: administrators see every import, others their own. */
  async list(ctx: AccessContext, q: { page: number; pageSize: number; order: 'asc' | 'desc' }) {
    const { items, total } = await pointsImportsRepository.list(this.db, ctx.merchantId, { createdBy: ctx.isAdmin ? null : ctx.staffId }, q);
    const dtos: PointsImportDto[] = items.map((r) => ({
      id: r.id,
      fileName: r.file_name,
      totalRows: r.total_rows,
      totalPoints: r.total_points,
      txnId: r.txn_id,
      createdBy: r.created_by,
      createdByName: r.staff_name ?? '',
      createdAt: r.created_at,
    }));
    return { items: dtos, total, page: q.page, pageSize: q.pageSize };
  }

  private async timeZone(exec: Exec, ctx: AccessContext) {
    return ctx.storeId ? (await this.org.storeForDocuments(exec, ctx, ctx.storeId)).time_zone : this.defaultTimeZone;
  }

  /**
   * Every row on its own (member named, points, expiry, note), then against the members: known,
   * not erased, within the importer's stores, and each member once in the file. Throws
   * POINTS_IMPORT_INVALID with every problem when any row fails.
   */
  private async check(exec: Exec, ctx: AccessContext, file: PointsFile, lang: Lang, now: Date): Promise<Checked> {
    const { table, columns } = file;
    const errors = new RowErrors(lang);
    const timeZone = await this.timeZone(exec, ctx);
    const today = localDateTime(now, timeZone).date;
    const settings = await this.org.getSettings(ctx.merchantId, exec);
    const defaultExpiry = pointsExpiresAt(settings.wallet.pointsExpiry, now, timeZone);

    const cell = (cells: readonly string[], field: PointsImportField) => {
      const index = columns[field];
      return index === null ? '' : (cells[index] ?? '').trim();
    };
    const rows = table.rows.map((r) => {
      const line = r.line;
      const rawPhone = cell(r.cells, 'phone');
      const phone = normalisePhone(rawPhone);
      const cardNo = cell(r.cells, 'cardNo');
      if (rawPhone === '' && cardNo === '') errors.add(line, columns.phone === null ? 'cardNo' : 'phone', PointsImportErrors.POINTS_IMPORT_MEMBER_REQUIRED);
      else if (rawPhone !== '' && !MOBILE.test(phone)) errors.add(line, 'phone', PointsImportErrors.POINTS_IMPORT_PHONE_INVALID);

      const rawPoints = cell(r.cells, 'points');
      const points = parsePoints(rawPoints);
      if (rawPoints === '') errors.add(line, 'points', PointsImportErrors.POINTS_IMPORT_POINTS_REQUIRED);
      else if (points === null) errors.add(line, 'points', PointsImportErrors.POINTS_IMPORT_POINTS_INVALID);

      const rawExpiry = cell(r.cells, 'expiresOn');
      let expiresAt = defaultExpiry;
      if (rawExpiry !== '') {
        const expiresOn = parseDateText(rawExpiry);
        if (expiresOn === null) errors.add(line, 'expiresOn', PointsImportErrors.POINTS_IMPORT_DATE_INVALID);
        else if (expiresOn < today) errors.add(line, 'expiresOn', PointsImportErrors.POINTS_IMPORT_DATE_PAST);
        // usable through that whole local day: they expire as the next one starts (like "end of year Y+1")
        else expiresAt = startOfLocalDay(addDays(expiresOn, 1), timeZone).toISOString();
      }

      const note = cell(r.cells, 'note');
      if (note.length > NOTE_MAX) errors.add(line, 'note', PointsImportErrors.POINTS_IMPORT_NOTE_TOO_LONG, { max: NOTE_MAX });
      return { line, phone: MOBILE.test(phone) ? phone : '', cardNo: cardNo.length <= CARD_NO_MAX ? cardNo : '', rawCardNo: cardNo, points, expiresAt, note };
    });

    const found = await this.members.findByPhonesAndCards(
      exec,
      ctx.merchantId,
      rows.map((r) => r.phone).filter((p) => p !== ''),
      rows.map((r) => r.cardNo).filter((c) => c !== ''),
    );
    const firstRowOf = new Map<string, number>();
    const good: GoodRow[] = [];
    let total = 0n;
    let totalReported = false;
    for (const r of rows) {
      const byPhone = r.phone ? found.byPhone.get(r.phone) : undefined;
      const byCard = r.cardNo ? found.byCardNo.get(r.cardNo) : undefined;
      if (r.phone && !byPhone) errors.add(r.line, 'phone', 'MEMBER_NOT_FOUND');
      if (r.rawCardNo && !byCard) errors.add(r.line, 'cardNo', 'MEMBER_NOT_FOUND');
      const mismatch = !!byPhone && !!byCard && byPhone.id !== byCard.id;
      if (mismatch) errors.add(r.line, 'cardNo', PointsImportErrors.POINTS_IMPORT_MEMBER_MISMATCH);
      const member = mismatch ? undefined : (byCard ?? byPhone);
      const field: PointsImportField = byCard ? 'cardNo' : 'phone';
      if (member?.status === 'erased') errors.add(r.line, field, 'MEMBER_ERASED');
      else if (member && !canAccessStore(ctx, member.homeStoreId)) errors.add(r.line, field, 'AUTH_STORE_FORBIDDEN');
      if (member) {
        const first = firstRowOf.get(member.id);
        if (first !== undefined) errors.add(r.line, field, PointsImportErrors.POINTS_IMPORT_DUPLICATE_MEMBER, { firstRow: first });
        else firstRowOf.set(member.id, r.line);
      }
      if (r.points !== null) {
        total += BigInt(r.points);
        if (total > BigInt(Number.MAX_SAFE_INTEGER) && !totalReported) {
          errors.add(r.line, 'points', PointsImportErrors.POINTS_IMPORT_TOTAL_TOO_LARGE);
          totalReported = true;
        }
      }
      if (member && r.points !== null && !errors.has(r.line)) good.push({ line: r.line, memberId: member.id, points: r.points, expiresAt: r.expiresAt, note: r.note });
    }
    if (errors.rowCount > 0) {
      throw new AppError(WalletErrors.POINTS_IMPORT_INVALID, { field: 'file', details: { errorRows: errors.rowCount, errors: errors.sorted() } });
    }
    return { good, totalPoints: good.reduce((sum, r) => sum + r.points, 0) };
  }
}
