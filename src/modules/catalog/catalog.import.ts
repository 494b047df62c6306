import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { AppError, errorCatalog } from '../../kernel/errors';
import { interpolate, type Lang } from '../../kernel/i18n';
import { newId } from '../../kernel/ids';
import { MAX_FEN } from '../../kernel/money';
import { detectFormat, matchColumns, parseFile, type ParsedTable } from '../../platform/spreadsheets';
import type { WriteScope } from '../../platform/write';
import { CatalogErrors } from './catalog.errors';
import { catalogRepository as repo, type ProductRow } from './catalog.repository';
import { PRODUCT_IMPORT_FIELDS, zBarcode, type ImportRowError, type PointsMode, type ProductImportField } from './catalog.schemas';
import { toProductDto } from './catalog.service';

type Exec = Kysely<Database>;

/** Export headers, in order; the import takes these or the English field names. */
export const PRODUCT_HEADERS: Record<ProductImportField, string> = {
  code: '编码',
  barcode: '条码',
  name: '名称',
  categoryCode: '分类编码',
  kind: '类型',
  unit: '单位',
  listPrice: '标价',
  memberDiscountAllowed: '允许会员折扣',
  pointsMode: '积分',
};
const ALIASES: Record<ProductImportField, string[]> = {
  code: ['编码', '商品编码', 'code', 'sku'],
  barcode: ['条码', '条形码', 'barcode'],
  name: ['名称', '商品名称', 'name'],
  categoryCode: ['分类编码', 'categoryCode', 'category'],
  kind: ['类型', 'kind'],
  unit: ['单位', 'unit'],
  listPrice: ['标价', '价格', 'listPrice', 'price'],
  memberDiscountAllowed: ['允许会员折扣', 'memberDiscountAllowed', 'memberDiscount'],
  pointsMode: ['积分', 'pointsMode', 'points'],
};
const KIND_TEXT: Record<string, 'goods' | 'service'> = { goods: 'goods', 商品: 'goods', service: 'service', 服务: 'service' };
const YES = new Set(['y', 'yes', 'true', '1', '是']);
const NO = new Set(['n', 'no', 'false', '0', '否']);
const CODE = /^[A-Za-z0-9_-]{1,32}$/;
const MAX_IMPORT_ROWS = 20_000;

/** "12.5" / "12.50" / "12" yuan → fen, without floating point; null when not such a number. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text.replace(/^¥/, '').replace(/,/g, ''));
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return fen <= MAX_FEN ? fen : null;
}

/** fen → "12.50" */
export function fenToYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

function pointsText(mode: PointsMode, rateBp: number | null): string {
  return mode === 'rate' ? `rate:${rateBp ?? 0}` : mode;
}

/** A spreadsheet program would run text starting with = + - @ as a formula: it is written with a leading ' (the reader removes it). */
function guard(value: string): string {
  return /^[=+\-@]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string): string {
  const v = guard(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

interface ImportRow {
  line: number;
  code: string;
  barcode: string | null;
  name: string;
  categoryId: string | null;
  kind: 'goods' | 'service';
  unit: string;
  listPriceFen: number;
  memberDiscountAllowed: boolean;
  pointsMode: PointsMode;
  pointsRateBp: number | null;
  /** a plain "rate" keeps the product's own rate */
  keepRate: boolean;
}

class RowErrors {
  readonly list: ImportRowError[] = [];
  constructor(private readonly lang: Lang) {}
  add(row: number, field: ProductImportField, code: string, details: Record<string, unknown> = {}) {
    const template = errorCatalog().get(code)?.message[this.lang] ?? code;
    this.list.push({ row, field, code, message: interpolate(template, { column: PRODUCT_HEADERS[field], ...details }) });
  }
}

/** Import (all-or-nothing, by code) and export of goods and services as .csv or .xlsx. */
export class CatalogImportService {
  constructor(private readonly db: Exec) {}

  async read(data: Buffer): Promise<ParsedTable> {
    return parseFile(data, detectFormat(data), { maxRows: MAX_IMPORT_ROWS });
  }

  async exportProducts(merchantId: string, format: 'csv' | 'xlsx'): Promise<{ data: Buffer; contentType: string; fileName: string }> {
    const [products, categories] = await Promise.all([repo.allProducts(this.db, merchantId), repo.listCategories(this.db, merchantId, 'all')]);
    const categoryCode = new Map(categories.map((c) => [c.id, c.code]));
    const headers = PRODUCT_IMPORT_FIELDS.map((f) => PRODUCT_HEADERS[f]);
    const rows = products
      .filter((p) => p.status === 'active' && (p.kind === 'goods' || p.kind === 'service'))
      .map((p) => [
        p.code,
        p.barcode ?? '',
        p.name,
        p.category_id ? (categoryCode.get(p.category_id) ?? '') : '',
        p.kind,
        p.unit,
        fenToYuan(p.list_price_fen),
        p.member_discount_allowed === 1 ? 'Y' : 'N',
        pointsText(p.points_mode, p.points_rate_bp),
      ]);
    if (format === 'csv') {
      const text = [headers, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
      return { data: Buffer.from(`\uFEFF${text}`, 'utf8'), contentType: 'text/csv; charset=utf-8', fileName: '商品.csv' };
    }
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('商品');
    ws.addRow(headers);
    // every cell is a text cell (never a formula), so codes like 00123 keep their zeros
    for (const r of rows) ws.addRow(r);
    return { data: Buffer.from(await wb.xlsx.writeBuffer()), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: '商品.xlsx' };
  }

  /** Checks every row, then creates or updates each product by code in the caller's transaction; any bad row is CATALOG_IMPORT_INVALID and nothing is written. */
  async importProducts(w: WriteScope, table: ParsedTable, lang: Lang): Promise<{ created: number; updated: number }> {
    const merchantId = w.actor.merchantId;
    const columns = matchColumns(table.headers, ALIASES);
    const errors = new RowErrors(lang);
    for (const field of ['code', 'name', 'listPrice'] as const) {
      if (columns[field] === null) errors.add(1, field, CatalogErrors.CATALOG_IMPORT_VALUE_REQUIRED);
    }
    if (errors.list.length) throw new AppError(CatalogErrors.CATALOG_IMPORT_INVALID, { field: 'file', details: { count: errors.list.length, errors: errors.list } });

    const cell = (cells: readonly string[], field: ProductImportField) => {
      const index = columns[field];
      return index === null ? '' : (cells[index] ?? '').trim();
    };
    const categoryCodes = table.rows.map((r) => cell(r.cells, 'categoryCode')).filter((c) => c !== '');
    const categories = new Map((await repo.categoriesByCodes(w.tx, merchantId, categoryCodes)).map((c) => [c.code, c]));
    const rows: ImportRow[] = [];
    const seenCodes = new Map<string, number>();
    const seenBarcodes = new Map<string, number>();
    for (const { line, cells } of table.rows) {
      const before = errors.list.length;
      const code = cell(cells, 'code');
      if (code === '') errors.add(line, 'code', CatalogErrors.CATALOG_IMPORT_VALUE_REQUIRED);
      else if (!CODE.test(code)) errors.add(line, 'code', CatalogErrors.CATALOG_IMPORT_VALUE_INVALID, { value: code });
      else if (seenCodes.has(code)) errors.add(line, 'code', CatalogErrors.CATALOG_IMPORT_DUPLICATE, { value: code });
      else seenCodes.set(code, line);

      const rawBarcode = cell(cells, 'barcode');
      let barcode: string | null = null;
      if (rawBarcode !== '') {
        if (!zBarcode.safeParse(rawBarcode).success) errors.add(line, 'barcode', CatalogErrors.CATALOG_IMPORT_VALUE_INVALID, { value: rawBarcode });
        else if (seenBarcodes.has(rawBarcode)) errors.add(line, 'barcode', CatalogErrors.CATALOG_IMPORT_DUPLICATE, { value: rawBarcode });
        else seenBarcodes.set(rawBarcode, line);
        barcode = rawBarcode;
      }

      const name = cell(cells, 'name');
      if (name === '') errors.add(line, 'name', CatalogErrors.CATALOG_IMPORT_VALUE_REQUIRED);
      else if (name.length > 64) errors.add(line, 'name', CatalogErrors.CATALOG_IMPORT_VALUE_INVALID, { value: name.slice(0, 20) });

      const categoryCode = cell(cells, 'categoryCode');
      const category = categoryCode ? categories.get(categoryCode) : undefined;
      if (categoryCode && !category) errors.add(line, 'categoryCode', CatalogErrors.CATALOG_CATEGORY_NOT_FOUND);

      const rawKind = cell(cells, 'kind');
      const kind = rawKind === '' ? 'goods' : KIND_TEXT[rawKind.toLowerCase()];
      if (!kind) errors.add(line, 'kind', ['package', 'count_card', 'timed'].includes(rawKind) ? CatalogErrors.CATALOG_IMPORT_KIND_UNSUPPORTED : CatalogErrors.CATALOG_IMPORT_VALUE_INVALID, { value: rawKind });

      const unit = cell(cells, 'unit') || '件';
      if (unit.length > 10) errors.add(line, 'unit', CatalogErrors.CATALOG_IMPORT_VALUE_INVALID, { value: unit });

      const rawPrice = cell(cells, 'listPrice');
      const listPriceFen = yuanToFen(rawPrice);
      if (rawPrice === '') errors.add(line, 'listPrice', CatalogErrors.CATALOG_IMPORT_VALUE_REQUIRED);
      else if (listPriceFen === null) errors.add(line, 'listPrice', CatalogErrors.CATALOG_IMPORT_VALUE_INVALID, { value: rawPrice });

      const rawDiscount = cell(cells, 'memberDiscountAllowed').toLowerCase();
      const memberDiscountAllowed = rawDiscount === '' || YES.has(rawDiscount);
      if (rawDiscount !== '' && !YES.has(rawDiscount) && !NO.has(rawDiscount)) errors.add(line, 'memberDiscountAllowed', CatalogErrors.CATALOG_IMPORT_VALUE_INVALID, { value: rawDiscount });

      const rawPoints = cell(cells, 'pointsMode').toLowerCase();
      let pointsMode: PointsMode = 'default';
      let pointsRateBp: number | null = null;
      let keepRate = false;
      const rate = /^rate:(\d{1,7})$/.exec(rawPoints);
      if (rawPoints === '' || rawPoints === 'default') pointsMode = 'default';
      else if (rawPoints === 'excluded') pointsMode = 'excluded';
      else if (rawPoints === 'rate') [pointsMode, keepRate] = ['rate', true];
      else if (rate && Number(rate[1]) <= 1_000_000) [pointsMode, pointsRateBp] = ['rate', Number(rate[1])];
      else errors.add(line, 'pointsMode', CatalogErrors.CATALOG_IMPORT_VALUE_INVALID, { value: rawPoints });

      if (errors.list.length === before && kind && listPriceFen !== null) {
        rows.push({ line, code, barcode, name, categoryId: category?.id ?? null, kind, unit, listPriceFen, memberDiscountAllowed, pointsMode, pointsRateBp, keepRate });
      }
    }

    // against the stored products: same code is an update of a goods/service product; a barcode may only move between rows of this file
    const existing = new Map((await repo.productsByCodes(w.tx, merchantId, rows.map((r) => r.code))).map((p) => [p.code, p]));
    const owners = new Map((await repo.productsByBarcodes(w.tx, merchantId, rows.flatMap((r) => (r.barcode ? [r.barcode] : [])))).map((p) => [p.barcode, p]));
    const fileBarcode = new Map(rows.map((r) => [r.code, r.barcode]));
    const archivedCategories = new Set([...categories.values()].filter((c) => c.status !== 'active').map((c) => c.id));
    for (const r of rows) {
      const stored = existing.get(r.code);
      if (stored && stored.kind !== 'goods' && stored.kind !== 'service') errors.add(r.line, 'kind', CatalogErrors.CATALOG_IMPORT_KIND_UNSUPPORTED);
      // an archived category may stay on the products already in it, like a change through the API
      if (r.categoryId && archivedCategories.has(r.categoryId) && stored?.category_id !== r.categoryId) errors.add(r.line, 'categoryCode', CatalogErrors.CATALOG_CATEGORY_ARCHIVED);
      if (r.keepRate && stored?.points_rate_bp == null) errors.add(r.line, 'pointsMode', CatalogErrors.CATALOG_IMPORT_VALUE_INVALID, { value: 'rate' });
      const owner = r.barcode ? owners.get(r.barcode) : undefined;
      // the owner keeps the barcode unless it is in this file with another one
      if (owner && owner.code !== r.code && (!fileBarcode.has(owner.code) || fileBarcode.get(owner.code) === r.barcode)) {
        errors.add(r.line, 'barcode', CatalogErrors.CATALOG_BARCODE_TAKEN, { barcode: r.barcode, code: owner.code });
      }
    }
    if (errors.list.length) {
      const list = errors.list.sort((a, b) => a.row - b.row || PRODUCT_IMPORT_FIELDS.indexOf(a.field) - PRODUCT_IMPORT_FIELDS.indexOf(b.field));
      throw new AppError(CatalogErrors.CATALOG_IMPORT_INVALID, { field: 'file', details: { count: list.length, errors: list.slice(0, 500) } });
    }

    const at = w.now.toISOString();
    // barcodes that move are released first so two products can swap them
    for (const r of rows) {
      const stored = existing.get(r.code);
      if (stored?.barcode && stored.barcode !== r.barcode) await repo.updateProduct(w.tx, merchantId, stored.id, { barcode: null });
    }
    let created = 0;
    let updated = 0;
    for (const r of rows) {
      const stored = existing.get(r.code);
      const fields = {
        barcode: r.barcode,
        name: r.name,
        category_id: r.categoryId,
        kind: r.kind,
        unit: r.unit,
        list_price_fen: r.listPriceFen,
        member_discount_allowed: r.memberDiscountAllowed ? 1 : 0,
        points_mode: r.pointsMode,
        points_rate_bp: r.keepRate ? (stored?.points_rate_bp ?? null) : r.pointsRateBp,
        updated_at: at,
      };
      if (stored) {
        await repo.updateProduct(w.tx, merchantId, stored.id, fields);
        const after: ProductRow = { ...stored, ...fields };
        await w.audit({ action: 'product.import_update', entityType: 'product', entityId: stored.id, before: toProductDto(stored, null), after: toProductDto(after, null) });
        updated++;
      } else {
        const row: ProductRow = {
          merchant_id: merchantId,
          id: newId(),
          code: r.code,
          ...fields,
          points_price: null,
          commission_rate_bp: null,
          commission_fixed_fen: null,
          stock_tracked: 0,
          description: '',
          custom_fields: '{}',
          time_rate_per_hour_fen: null,
          time_unit_minutes: null,
          time_grace_minutes: null,
          time_cap_fen: null,
          status: 'active',
          created_at: at,
        };
        await repo.insertProduct(w.tx, row);
        await w.audit({ action: 'product.import_create', entityType: 'product', entityId: row.id, after: toProductDto(row, null) });
        created++;
      }
    }
    return { created, updated };
  }
}
