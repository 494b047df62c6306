import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { isUniqueViolation } from '../../db/constraint-errors';
import { assertCodeFree } from '../../db/sql-helpers';
import { AppError } from '../../kernel/errors';
import { newId } from '../../kernel/ids';
import { requireStoreAccess, storeScope } from '../../platform/access';
import type { AccessContext } from '../../platform/context';
import type { WriteScope } from '../../platform/write';
import { CatalogErrors } from './catalog.errors';
import type { CatalogDirectory, ProductFieldCheck } from './catalog.ports';
import {
  catalogRepository as repo,
  type CategoryRow,
  type CountCardItemRow,
  type LevelPriceRow,
  type PackageItemRow,
  type ProductRow,
  type SpecialPriceRow,
  type StoreSettingRow,
} from './catalog.repository';
import type {
  CategoryDto,
  CategoryInput,
  CategoryPatch,
  ProductDetailDto,
  ProductDto,
  ProductInput,
  ProductKind,
  ProductListQuery,
  ProductPatch,
  PointsMode,
  StoreSettingDto,
  StoreSettingInput,
  TimeSettings,
} from './catalog.schemas';

type Exec = Kysely<Database>;

/** What checkout needs to price one product at one store, at one moment, for one level (R2, R4, R6, R7). */
export interface PriceFacts {
  productId: string;
  code: string;
  name: string;
  kind: ProductKind;
  categoryId: string | null;
  unit: string;
  status: 'active' | 'archived';
  /** no store setting, or a setting with available = true */
  available: boolean;
  /** active and available at this store: an archived or unavailable product cannot be sold */
  sellable: boolean;
  /** the catalog list price */
  baseListPriceFen: number;
  /** the store's price override, if any */
  storePriceFen: number | null;
  /** the list price at this store (store override when set) */
  listPriceFen: number;
  memberDiscountAllowed: boolean;
  /** the member price for the level asked about; null without a level or without a price for it */
  levelPriceFen: number | null;
  /** the lowest special price active at `at` for this store or all stores */
  specialPriceFen: number | null;
  pointsMode: PointsMode;
  pointsRateBp: number | null;
  pointsPrice: number | null;
  commissionRateBp: number | null;
  commissionFixedFen: number | null;
  stockTracked: boolean;
  packageItems: { productId: string; quantity: number }[];
  countCardItems: { serviceProductId: string; uses: number; validityDays: number }[];
  timeSettings: TimeSettings | null;
}

/** The parts of a product that the kind rules look at, after a patch is applied. */
interface ProductState {
  code: string;
  barcode: string | null;
  categoryId: string | null;
  kind: ProductKind;
  pointsMode: PointsMode;
  pointsRateBp: number | null;
  levelPrices: { levelId: string; priceFen: number }[];
  specialPrices: { priceFen: number; startsAt: string; endsAt: string; storeId: string | null }[];
  packageItems: { productId: string; quantity: number }[];
  countCardItems: { serviceProductId: string; uses: number; validityDays: number }[];
  timeSettings: TimeSettings | null;
}

const KIND_PARTS: Record<ProductKind, { packageItems: boolean; countCardItems: boolean; timeSettings: boolean }> = {
  goods: { packageItems: false, countCardItems: false, timeSettings: false },
  service: { packageItems: false, countCardItems: false, timeSettings: false },
  package: { packageItems: true, countCardItems: false, timeSettings: false },
  count_card: { packageItems: false, countCardItems: true, timeSettings: false },
  timed: { packageItems: false, countCardItems: false, timeSettings: true },
};

function toCategoryDto(row: CategoryRow, productCount = 0): CategoryDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    parentId: row.parent_id,
    sort: row.sort,
    status: row.status,
    productCount,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toProductDto(row: ProductRow, categoryName: string | null): ProductDto {
  return {
    id: row.id,
    code: row.code,
    barcode: row.barcode,
    name: row.name,
    categoryId: row.category_id,
    categoryName,
    kind: row.kind,
    unit: row.unit,
    listPriceFen: row.list_price_fen,
    memberDiscountAllowed: row.member_discount_allowed === 1,
    pointsMode: row.points_mode,
    pointsRateBp: row.points_rate_bp,
    pointsPrice: row.points_price,
    commissionRateBp: row.commission_rate_bp,
    commissionFixedFen: row.commission_fixed_fen,
    stockTracked: row.stock_tracked === 1,
    description: row.description,
    customFields: JSON.parse(row.custom_fields) as Record<string, unknown>,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function timeSettingsOf(row: ProductRow): TimeSettings | null {
  if (row.time_rate_per_hour_fen === null) return null;
  return { ratePerHourFen: row.time_rate_per_hour_fen, unitMinutes: row.time_unit_minutes ?? 15, graceMinutes: row.time_grace_minutes ?? 5, capFen: row.time_cap_fen };
}

function toStoreSettingDto(row: StoreSettingRow): StoreSettingDto {
  return { storeId: row.store_id, available: row.available === 1, priceFen: row.price_fen, updatedAt: row.updated_at };
}

function timeColumns(t: TimeSettings | null) {
  return {
    time_rate_per_hour_fen: t?.ratePerHourFen ?? null,
    time_unit_minutes: t?.unitMinutes ?? null,
    time_grace_minutes: t?.graceMinutes ?? null,
    time_cap_fen: t?.capFen ?? null,
  };
}

/** Two tills saving the same code or barcode at once: the database's unique key decides, with the same codes as the checks. */
async function uniqueOrCoded<T>(run: Promise<T>, code: string, barcode: string | null): Promise<T> {
  try {
    return await run;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    if (/barcode/i.test(String((err as Error).message)) || (err as { constraint?: string }).constraint === 'products_barcode_uq') {
      throw new AppError(CatalogErrors.CATALOG_BARCODE_TAKEN, { field: 'barcode', details: { barcode, code: '' } });
    }
    throw new AppError('CODE_TAKEN', { field: 'code', details: { code } });
  }
}

function itemsInvalid(field: string, reason: 'missing' | 'archived' | 'kind' | 'repeated' | 'self' | 'used_as_item', productId: string): AppError {
  return new AppError(CatalogErrors.CATALOG_ITEMS_INVALID, { field, details: { reason, productId } });
}

/** Categories, products of every kind, per-store availability and price, and the facts checkout prices with. */
export class CatalogService {
  constructor(
    private readonly db: Exec,
    private readonly directory: CatalogDirectory,
    private readonly fields: ProductFieldCheck,
  ) {}

  // ---- categories ------------------------------------------------------------------------------

  async listCategories(merchantId: string, status: 'active' | 'archived' | 'all') {
    const [rows, counts] = await Promise.all([repo.listCategories(this.db, merchantId, status), repo.productCountByCategory(this.db, merchantId)]);
    return rows.map((r) => toCategoryDto(r, counts.get(r.id) ?? 0));
  }

  private async category(exec: Exec, merchantId: string, id: string, field = 'id') {
    const row = await repo.findCategory(exec, merchantId, id);
    if (!row) throw new AppError(CatalogErrors.CATALOG_CATEGORY_NOT_FOUND, { field });
    return row;
  }

  /** The parent must exist and be top-level; a category with children stays top-level. */
  private async checkParent(exec: Exec, merchantId: string, parentId: string, selfId: string | null) {
    if (parentId === selfId) throw new AppError(CatalogErrors.CATALOG_CATEGORY_NESTING, { field: 'parentId' });
    const parent = await this.category(exec, merchantId, parentId, 'parentId');
    if (parent.parent_id !== null) throw new AppError(CatalogErrors.CATALOG_CATEGORY_NESTING, { field: 'parentId' });
    if (selfId && (await repo.hasChildren(exec, merchantId, selfId))) throw new AppError(CatalogErrors.CATALOG_CATEGORY_NESTING, { field: 'parentId' });
  }

  async createCategory(w: WriteScope, input: CategoryInput) {
    const merchantId = w.actor.merchantId;
    await assertCodeFree(w.tx, 'product_categories', merchantId, input.code);
    if (input.parentId) await this.checkParent(w.tx, merchantId, input.parentId, null);
    const at = w.now.toISOString();
    const row: CategoryRow = { merchant_id: merchantId, id: newId(), code: input.code, name: input.name, parent_id: input.parentId, sort: input.sort, status: 'active', created_at: at, updated_at: at };
    await uniqueOrCoded(repo.insertCategory(w.tx, row), row.code, null);
    const dto = toCategoryDto(row);
    await w.audit({ action: 'product_category.create', entityType: 'product_category', entityId: row.id, after: dto });
    return dto;
  }

  async updateCategory(w: WriteScope, id: string, patch: CategoryPatch) {
    const merchantId = w.actor.merchantId;
    const before = await this.category(w.tx, merchantId, id);
    if (patch.code !== undefined && patch.code !== before.code) await assertCodeFree(w.tx, 'product_categories', merchantId, patch.code, id);
    if (patch.parentId) await this.checkParent(w.tx, merchantId, patch.parentId, id);
    const changes: Partial<CategoryRow> = { updated_at: w.now.toISOString() };
    if (patch.code !== undefined) changes.code = patch.code;
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.parentId !== undefined) changes.parent_id = patch.parentId;
    if (patch.sort !== undefined) changes.sort = patch.sort;
    if (patch.status !== undefined) changes.status = patch.status;
    await repo.updateCategory(w.tx, merchantId, id, changes);
    const counts = await repo.productCountByCategory(w.tx, merchantId);
    const after = toCategoryDto({ ...before, ...changes }, counts.get(id) ?? 0);
    await w.audit({ action: 'product_category.update', entityType: 'product_category', entityId: id, before: toCategoryDto(before, counts.get(id) ?? 0), after });
    return after;
  }

  // ---- product reads ---------------------------------------------------------------------------

  async listProducts(merchantId: string, query: ProductListQuery) {
    const categories = await repo.listCategories(this.db, merchantId, 'all');
    let categoryIds: string[] | null = null;
    if (query.categoryId) {
      const id = query.categoryId;
      categoryIds = [id, ...categories.filter((c) => c.parent_id === id).map((c) => c.id)];
    }
    const { rows, total } = await repo.listProducts(this.db, merchantId, { ...query, categoryIds });
    const names = new Map(categories.map((c) => [c.id, c.name]));
    return { items: rows.map((r) => toProductDto(r, r.category_id ? (names.get(r.category_id) ?? null) : null)), total, page: query.page, pageSize: query.pageSize };
  }

  /** Full details of products, with the store settings of the given stores (null = all). */
  private async details(exec: Exec, merchantId: string, rows: ProductRow[], storeIds: string[] | null): Promise<ProductDetailDto[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [categories, levelPrices, specials, packages, cards, settings] = await Promise.all([
      repo.listCategories(exec, merchantId, 'all'),
      repo.levelPricesOf(exec, merchantId, ids),
      repo.specialPricesOf(exec, merchantId, ids),
      repo.packageItemsOf(exec, merchantId, ids),
      repo.countCardItemsOf(exec, merchantId, ids),
      repo.storeSettingsOf(exec, merchantId, ids, storeIds),
    ]);
    const itemIds = [...[...packages.values()].flat().map((i) => i.product_id), ...[...cards.values()].flat().map((i) => i.service_product_id)];
    const itemProducts = new Map((await repo.productsByIds(exec, merchantId, itemIds)).map((p) => [p.id, p]));
    const names = new Map(categories.map((c) => [c.id, c.name]));
    return rows.map((row) => ({
      ...toProductDto(row, row.category_id ? (names.get(row.category_id) ?? null) : null),
      levelPrices: (levelPrices.get(row.id) ?? []).map((l) => ({ levelId: l.level_id, priceFen: l.price_fen })),
      specialPrices: (specials.get(row.id) ?? []).map((s) => ({ id: s.id, priceFen: s.price_fen, startsAt: s.starts_at, endsAt: s.ends_at, storeId: s.store_id })),
      packageItems: (packages.get(row.id) ?? []).map((i) => {
        const p = itemProducts.get(i.product_id);
        return { productId: i.product_id, code: p?.code ?? '', name: p?.name ?? '', kind: p?.kind ?? 'goods', quantity: i.quantity };
      }),
      countCardItems: (cards.get(row.id) ?? []).map((i) => {
        const p = itemProducts.get(i.service_product_id);
        return { serviceProductId: i.service_product_id, code: p?.code ?? '', name: p?.name ?? '', uses: i.uses, validityDays: i.validity_days };
      }),
      timeSettings: timeSettingsOf(row),
      storeSettings: (settings.get(row.id) ?? []).map(toStoreSettingDto),
    }));
  }

  private async detail(exec: Exec, merchantId: string, row: ProductRow, storeIds: string[] | null): Promise<ProductDetailDto> {
    const [d] = await this.details(exec, merchantId, [row], storeIds);
    if (!d) throw new AppError(CatalogErrors.CATALOG_PRODUCT_NOT_FOUND, { field: 'id' });
    return d;
  }

  private async product(exec: Exec, merchantId: string, id: string, field = 'id') {
    const row = await repo.findProduct(exec, merchantId, id);
    if (!row) throw new AppError(CatalogErrors.CATALOG_PRODUCT_NOT_FOUND, { field });
    return row;
  }

  async getProduct(ctx: AccessContext, id: string) {
    return this.detail(this.db, ctx.merchantId, await this.product(this.db, ctx.merchantId, id), storeScope(ctx));
  }

  /** A scanned code: the product with this barcode, else the product with this code. */
  async lookup(ctx: AccessContext, code: string) {
    const row = (await repo.findByBarcode(this.db, ctx.merchantId, code)) ?? (await repo.findByCode(this.db, ctx.merchantId, code));
    if (!row) throw new AppError(CatalogErrors.CATALOG_PRODUCT_NOT_FOUND, { field: 'code' });
    return this.detail(this.db, ctx.merchantId, row, storeScope(ctx));
  }

  // ---- product writes --------------------------------------------------------------------------

  /** Every rule a product must meet; `previous` is the stored row on an update. */
  private async check(exec: Exec, merchantId: string, s: ProductState, previous: ProductRow | null) {
    const selfId = previous?.id ?? null;
    if (!previous || s.code !== previous.code) await assertCodeFree(exec, 'products', merchantId, s.code, selfId ?? undefined);
    if (s.barcode !== null && s.barcode !== previous?.barcode) {
      const owner = await repo.findByBarcode(exec, merchantId, s.barcode);
      if (owner && owner.id !== selfId) throw new AppError(CatalogErrors.CATALOG_BARCODE_TAKEN, { field: 'barcode', details: { barcode: s.barcode, code: owner.code } });
    }
    if (s.categoryId !== null && s.categoryId !== previous?.category_id) {
      const category = await this.category(exec, merchantId, s.categoryId, 'categoryId');
      if (category.status !== 'active') throw new AppError(CatalogErrors.CATALOG_CATEGORY_ARCHIVED, { field: 'categoryId' });
    }
    if (s.pointsMode === 'rate' && s.pointsRateBp === null) throw new AppError(CatalogErrors.CATALOG_FIELD_REQUIRED, { field: 'pointsRateBp' });
    if (s.pointsMode !== 'rate' && s.pointsRateBp !== null) throw new AppError(CatalogErrors.CATALOG_FIELD_FORBIDDEN, { field: 'pointsRateBp' });

    const parts = KIND_PARTS[s.kind];
    const present = { packageItems: s.packageItems.length > 0, countCardItems: s.countCardItems.length > 0, timeSettings: s.timeSettings !== null };
    for (const part of ['packageItems', 'countCardItems', 'timeSettings'] as const) {
      if (parts[part] && !present[part]) throw new AppError(CatalogErrors.CATALOG_FIELD_REQUIRED, { field: part });
      if (!parts[part] && present[part]) throw new AppError(CatalogErrors.CATALOG_FIELD_FORBIDDEN, { field: part });
    }
    // a package line stays goods or a service, a count card item stays a service
    if (selfId && previous && s.kind !== previous.kind) {
      const used = await repo.usedAsItem(exec, merchantId, selfId);
      if ((used.inPackage && s.kind !== 'goods' && s.kind !== 'service') || (used.inCountCard && s.kind !== 'service')) throw itemsInvalid('kind', 'used_as_item', selfId);
    }
    await this.checkItems(exec, merchantId, s, selfId);

    const levelIds = s.levelPrices.map((l) => l.levelId);
    levelIds.forEach((id, i) => {
      if (levelIds.indexOf(id) !== i) throw new AppError(CatalogErrors.CATALOG_LEVEL_REPEATED, { field: `levelPrices.${i}.levelId` });
    });
    if (levelIds.length) {
      const known = new Set(await this.directory.existingLevelIds(exec, merchantId, levelIds));
      const missing = levelIds.findIndex((id) => !known.has(id));
      if (missing >= 0) throw new AppError(CatalogErrors.CATALOG_LEVEL_NOT_FOUND, { field: `levelPrices.${missing}.levelId` });
    }

    s.specialPrices.forEach((sp, i) => {
      if (sp.endsAt <= sp.startsAt) throw new AppError(CatalogErrors.CATALOG_SPECIAL_WINDOW_INVALID, { field: `specialPrices.${i}.endsAt` });
    });
    const storeIds = s.specialPrices.map((sp) => sp.storeId).filter((id): id is string => id !== null);
    if (storeIds.length) {
      const known = new Set(await this.directory.existingStoreIds(exec, merchantId, [...new Set(storeIds)]));
      const missing = s.specialPrices.findIndex((sp) => sp.storeId !== null && !known.has(sp.storeId));
      if (missing >= 0) throw new AppError(CatalogErrors.CATALOG_STORE_NOT_FOUND, { field: `specialPrices.${missing}.storeId` });
    }
  }

  /** Package lines are active goods or services; count card items are active services; none repeated, none the product itself. */
  private async checkItems(exec: Exec, merchantId: string, s: ProductState, selfId: string | null) {
    const lists: { field: string; ids: string[]; kinds: ProductKind[] }[] = [
      { field: 'packageItems', ids: s.packageItems.map((i) => i.productId), kinds: ['goods', 'service'] },
      { field: 'countCardItems', ids: s.countCardItems.map((i) => i.serviceProductId), kinds: ['service'] },
    ];
    for (const { field, ids, kinds } of lists) {
      if (ids.length === 0) continue;
      const idField = field === 'packageItems' ? 'productId' : 'serviceProductId';
      const found = new Map((await repo.productsByIds(exec, merchantId, ids)).map((p) => [p.id, p]));
      for (const [i, id] of ids.entries()) {
        const f = `${field}.${i}.${idField}`;
        if (ids.indexOf(id) !== i) throw itemsInvalid(f, 'repeated', id);
        if (id === selfId) throw itemsInvalid(f, 'self', id);
        const p = found.get(id);
        if (!p) throw itemsInvalid(f, 'missing', id);
        if (p.status !== 'active') throw itemsInvalid(f, 'archived', id);
        if (!kinds.includes(p.kind)) throw itemsInvalid(f, 'kind', id);
      }
    }
  }

  private async writeParts(w: WriteScope, productId: string, s: ProductState, only?: ProductPatch) {
    const m = w.actor.merchantId;
    if (!only || only.levelPrices !== undefined) {
      await repo.replaceLevelPrices(w.tx, m, productId, s.levelPrices.map((l): LevelPriceRow => ({ merchant_id: m, product_id: productId, level_id: l.levelId, price_fen: l.priceFen })));
    }
    if (!only || only.specialPrices !== undefined) {
      await repo.replaceSpecialPrices(
        w.tx,
        m,
        productId,
        s.specialPrices.map((sp): SpecialPriceRow => ({ merchant_id: m, id: newId(), product_id: productId, price_fen: sp.priceFen, starts_at: sp.startsAt, ends_at: sp.endsAt, store_id: sp.storeId })),
      );
    }
    if (!only || only.packageItems !== undefined || only.kind !== undefined) {
      await repo.replacePackageItems(w.tx, m, productId, s.packageItems.map((i, position): PackageItemRow => ({ merchant_id: m, package_id: productId, product_id: i.productId, quantity: i.quantity, position })));
    }
    if (!only || only.countCardItems !== undefined || only.kind !== undefined) {
      await repo.replaceCountCardItems(
        w.tx,
        m,
        productId,
        s.countCardItems.map((i, position): CountCardItemRow => ({ merchant_id: m, card_product_id: productId, service_product_id: i.serviceProductId, uses: i.uses, validity_days: i.validityDays, position })),
      );
    }
  }

  async createProduct(w: WriteScope, ctx: AccessContext, input: ProductInput) {
    const merchantId = w.actor.merchantId;
    const state: ProductState = { ...input };
    await this.check(w.tx, merchantId, state, null);
    const customFields = await this.fields.validate(w.tx, merchantId, 'product', input.customFields);
    const at = w.now.toISOString();
    const row: ProductRow = {
      merchant_id: merchantId,
      id: newId(),
      code: input.code,
      barcode: input.barcode,
      name: input.name,
      category_id: input.categoryId,
      kind: input.kind,
      unit: input.unit,
      list_price_fen: input.listPriceFen,
      member_discount_allowed: input.memberDiscountAllowed ? 1 : 0,
      points_mode: input.pointsMode,
      points_rate_bp: input.pointsRateBp,
      points_price: input.pointsPrice,
      commission_rate_bp: input.commissionRateBp,
      commission_fixed_fen: input.commissionFixedFen,
      stock_tracked: input.stockTracked ? 1 : 0,
      description: input.description,
      custom_fields: JSON.stringify(customFields),
      ...timeColumns(input.timeSettings),
      status: 'active',
      created_at: at,
      updated_at: at,
    };
    await uniqueOrCoded(repo.insertProduct(w.tx, row), row.code, row.barcode);
    await this.writeParts(w, row.id, state);
    const after = await this.detail(w.tx, merchantId, row, storeScope(ctx));
    await w.audit({ action: 'product.create', entityType: 'product', entityId: row.id, after });
    return after;
  }

  async updateProduct(w: WriteScope, ctx: AccessContext, id: string, patch: ProductPatch) {
    const merchantId = w.actor.merchantId;
    const previous = await this.product(w.tx, merchantId, id);
    const before = await this.detail(w.tx, merchantId, previous, null);
    const kind = patch.kind ?? previous.kind;
    const parts = KIND_PARTS[kind];
    const pointsMode = patch.pointsMode ?? previous.points_mode;
    // a change of kind or points mode drops the parts that no longer apply unless the patch sends them
    const state: ProductState = {
      code: patch.code ?? previous.code,
      barcode: patch.barcode !== undefined ? patch.barcode : previous.barcode,
      categoryId: patch.categoryId !== undefined ? patch.categoryId : previous.category_id,
      kind,
      pointsMode,
      pointsRateBp: patch.pointsRateBp !== undefined ? patch.pointsRateBp : pointsMode === 'rate' ? previous.points_rate_bp : null,
      levelPrices: patch.levelPrices ?? before.levelPrices,
      specialPrices: patch.specialPrices ?? before.specialPrices,
      packageItems: patch.packageItems ?? (parts.packageItems ? before.packageItems : []),
      countCardItems: patch.countCardItems ?? (parts.countCardItems ? before.countCardItems : []),
      timeSettings: patch.timeSettings !== undefined ? patch.timeSettings : parts.timeSettings ? before.timeSettings : null,
    };
    await this.check(w.tx, merchantId, state, previous);
    const changes: Partial<ProductRow> = { updated_at: w.now.toISOString() };
    if (patch.code !== undefined) changes.code = patch.code;
    if (patch.barcode !== undefined) changes.barcode = patch.barcode;
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.categoryId !== undefined) changes.category_id = patch.categoryId;
    if (patch.kind !== undefined) changes.kind = patch.kind;
    if (patch.unit !== undefined) changes.unit = patch.unit;
    if (patch.listPriceFen !== undefined) changes.list_price_fen = patch.listPriceFen;
    if (patch.memberDiscountAllowed !== undefined) changes.member_discount_allowed = patch.memberDiscountAllowed ? 1 : 0;
    if (patch.pointsMode !== undefined) changes.points_mode = patch.pointsMode;
    changes.points_rate_bp = state.pointsRateBp;
    if (patch.pointsPrice !== undefined) changes.points_price = patch.pointsPrice;
    if (patch.commissionRateBp !== undefined) changes.commission_rate_bp = patch.commissionRateBp;
    if (patch.commissionFixedFen !== undefined) changes.commission_fixed_fen = patch.commissionFixedFen;
    if (patch.stockTracked !== undefined) changes.stock_tracked = patch.stockTracked ? 1 : 0;
    if (patch.description !== undefined) changes.description = patch.description;
    if (patch.customFields !== undefined) changes.custom_fields = JSON.stringify(await this.fields.validate(w.tx, merchantId, 'product', patch.customFields));
    if (patch.status !== undefined) changes.status = patch.status;
    Object.assign(changes, timeColumns(state.timeSettings));
    await uniqueOrCoded(repo.updateProduct(w.tx, merchantId, id, changes), state.code, state.barcode);
    await this.writeParts(w, id, state, patch);
    const after = await this.detail(w.tx, merchantId, { ...previous, ...changes }, null);
    await w.audit({ action: 'product.update', entityType: 'product', entityId: id, before, after });
    const scope = storeScope(ctx);
    return scope === null ? after : { ...after, storeSettings: after.storeSettings.filter((s) => scope.includes(s.storeId)) };
  }

  // ---- per-store settings ----------------------------------------------------------------------

  async storeSettings(ctx: AccessContext, productId: string) {
    await this.product(this.db, ctx.merchantId, productId);
    const map = await repo.storeSettingsOf(this.db, ctx.merchantId, [productId], storeScope(ctx));
    return (map.get(productId) ?? []).map(toStoreSettingDto);
  }

  /** Availability and price of a product at one of the caller's stores; available at the list price removes the setting. */
  async setStoreSetting(w: WriteScope, ctx: AccessContext, productId: string, input: StoreSettingInput): Promise<StoreSettingDto> {
    const merchantId = w.actor.merchantId;
    await this.product(w.tx, merchantId, productId);
    requireStoreAccess(ctx, input.storeId);
    if ((await this.directory.existingStoreIds(w.tx, merchantId, [input.storeId])).length === 0) throw new AppError(CatalogErrors.CATALOG_STORE_NOT_FOUND, { field: 'storeId' });
    const previous = await repo.findStoreSetting(w.tx, merchantId, productId, input.storeId);
    const at = w.now.toISOString();
    const row: StoreSettingRow = { merchant_id: merchantId, product_id: productId, store_id: input.storeId, available: input.available ? 1 : 0, price_fen: input.priceFen, updated_at: at };
    if (input.available && input.priceFen === null) await repo.deleteStoreSetting(w.tx, merchantId, productId, input.storeId);
    else await repo.putStoreSetting(w.tx, row);
    const after = toStoreSettingDto(row);
    await w.audit({ action: 'product.store_setting', entityType: 'product', entityId: productId, before: previous ? toStoreSettingDto(previous) : null, after });
    return after;
  }

  // ---- checkout --------------------------------------------------------------------------------

  /**
   * Price facts of products at a store at a moment, for a member level (null: walk-in). Unknown
   * ids are absent from the map; an archived or unavailable product comes back not sellable.
   * `exec` is the caller's transaction (or the database outside one).
   */
  async priceFacts(exec: Exec, merchantId: string, storeId: string, productIds: readonly string[], at: Date, levelId: string | null): Promise<Map<string, PriceFacts>> {
    const out = new Map<string, PriceFacts>();
    const rows = await repo.productsByIds(exec, merchantId, productIds);
    if (rows.length === 0) return out;
    const ids = rows.map((r) => r.id);
    const [levelPrices, specials, settings, packages, cards] = await Promise.all([
      levelId ? repo.levelPricesOf(exec, merchantId, ids) : Promise.resolve(new Map<string, LevelPriceRow[]>()),
      repo.activeSpecialPrices(exec, merchantId, ids, storeId, at.toISOString()),
      repo.storeSettingsOf(exec, merchantId, ids, [storeId]),
      repo.packageItemsOf(exec, merchantId, ids),
      repo.countCardItemsOf(exec, merchantId, ids),
    ]);
    for (const row of rows) {
      const setting = settings.get(row.id)?.[0] ?? null;
      const available = setting === null || setting.available === 1;
      const storePriceFen = setting?.price_fen ?? null;
      const active = specials.get(row.id) ?? [];
      out.set(row.id, {
        productId: row.id,
        code: row.code,
        name: row.name,
        kind: row.kind,
        categoryId: row.category_id,
        unit: row.unit,
        status: row.status,
        available,
        sellable: available && row.status === 'active',
        baseListPriceFen: row.list_price_fen,
        storePriceFen,
        listPriceFen: storePriceFen ?? row.list_price_fen,
        memberDiscountAllowed: row.member_discount_allowed === 1,
        levelPriceFen: levelId ? ((levelPrices.get(row.id) ?? []).find((l) => l.level_id === levelId)?.price_fen ?? null) : null,
        specialPriceFen: active.length ? Math.min(...active.map((s) => s.price_fen)) : null,
        pointsMode: row.points_mode,
        pointsRateBp: row.points_rate_bp,
        pointsPrice: row.points_price,
        commissionRateBp: row.commission_rate_bp,
        commissionFixedFen: row.commission_fixed_fen,
        stockTracked: row.stock_tracked === 1,
        packageItems: (packages.get(row.id) ?? []).map((i) => ({ productId: i.product_id, quantity: i.quantity })),
        countCardItems: (cards.get(row.id) ?? []).map((i) => ({ serviceProductId: i.service_product_id, uses: i.uses, validityDays: i.validity_days })),
        timeSettings: timeSettingsOf(row),
      });
    }
    return out;
  }
}
