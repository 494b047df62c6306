import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { assertCodeFree } from '../../db/sql-helpers';
import { businessDay, formatTimeOfDay, parseTimeOfDay } from '../../kernel/clock';
import { AppError } from '../../kernel/errors';
import { newId } from '../../kernel/ids';
import { requireStoreAccess, storeScope } from '../../platform/access';
import type { AccessContext } from '../../platform/context';
import type { WriteScope } from '../../platform/write';
import { OrgErrors } from './org.errors';
import { orgRepository as repo, type StoreRow, type TillRow } from './org.repository';
import type { StoreDto, StoreInput, StorePatch } from './org.schemas';
import { applySettingsPatch, DEFAULT_SETTINGS, parseSettings, type MerchantSettings, type MerchantSettingsPatch } from './org.settings';

export function toStoreDto(row: StoreRow): StoreDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    regionId: row.region_id,
    cityId: row.city_id,
    address: row.address,
    phone: row.phone,
    openedOn: row.opened_on,
    status: row.status,
    timeZone: row.time_zone,
    businessDayCutoff: formatTimeOfDay(row.business_day_cutoff_minutes),
    discountBp: row.discount_bp,
    pointsRatioBp: row.points_ratio_bp,
    topupApprovalThresholdFen: row.topup_approval_threshold_fen,
    topupDailyQuotaFen: row.topup_daily_quota_fen,
    topupMonthlyQuotaFen: row.topup_monthly_quota_fen,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toTillDto(row: TillRow) {
  return { id: row.id, storeId: row.store_id, code: row.code, name: row.name, status: row.status };
}

function storeColumns(input: StorePatch): Partial<StoreRow> {
  const out: Partial<StoreRow> = {};
  if (input.code !== undefined) out.code = input.code;
  if (input.name !== undefined) out.name = input.name;
  if (input.kind !== undefined) out.kind = input.kind;
  if (input.regionId !== undefined) out.region_id = input.regionId;
  if (input.cityId !== undefined) out.city_id = input.cityId;
  if (input.address !== undefined) out.address = input.address;
  if (input.phone !== undefined) out.phone = input.phone;
  if (input.openedOn !== undefined) out.opened_on = input.openedOn;
  if (input.status !== undefined) out.status = input.status;
  if (input.timeZone !== undefined) out.time_zone = input.timeZone;
  if (input.businessDayCutoff !== undefined) out.business_day_cutoff_minutes = parseTimeOfDay(input.businessDayCutoff) ?? 0;
  if (input.discountBp !== undefined) out.discount_bp = input.discountBp;
  if (input.pointsRatioBp !== undefined) out.points_ratio_bp = input.pointsRatioBp;
  if (input.topupApprovalThresholdFen !== undefined) out.topup_approval_threshold_fen = input.topupApprovalThresholdFen;
  if (input.topupDailyQuotaFen !== undefined) out.topup_daily_quota_fen = input.topupDailyQuotaFen;
  if (input.topupMonthlyQuotaFen !== undefined) out.topup_monthly_quota_fen = input.topupMonthlyQuotaFen;
  return out;
}

export class OrgService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly defaultTimeZone: string,
  ) {}

  // ---- merchant & settings -------------------------------------------------------------

  async createMerchant(w: WriteScope, input: { id: string; code: string; name: string }) {
    const at = w.now.toISOString();
    await repo.insertMerchant(w.tx, { ...input, settings: JSON.stringify(DEFAULT_SETTINGS), created_at: at, updated_at: at });
    await w.audit({ action: 'merchant.create', entityType: 'merchant', entityId: input.id, after: input });
  }

  findMerchantByCode(code: string, exec: Kysely<Database> = this.db) {
    return repo.findMerchantByCode(exec, code);
  }

  /** The merchant a single-tenant install logs into by default (exactly one merchant → its code). */
  async soleMerchantCode(): Promise<string | null> {
    const merchants = await repo.listMerchants(this.db, 2);
    return merchants.length === 1 ? (merchants[0]?.code ?? null) : null;
  }

  /** The store a public page (self-registration QR) points at; only open stores answer. */
  async publicStore(merchantCode: string, storeId: string) {
    const merchant = await repo.findMerchantByCode(this.db, merchantCode);
    const store = merchant ? await repo.findStore(this.db, merchant.id, storeId) : undefined;
    if (!merchant || !store || store.status !== 'active') throw new AppError(OrgErrors.ORG_STORE_NOT_FOUND, { field: 'storeId' });
    return { merchantId: merchant.id, merchantName: merchant.name, storeId: store.id, storeName: store.name };
  }

  async getMerchant(merchantId: string, exec: Kysely<Database> = this.db) {
    const m = await repo.findMerchant(exec, merchantId);
    if (!m) throw new AppError('NOT_FOUND');
    return { id: m.id, code: m.code, name: m.name };
  }

  async getSettings(merchantId: string, exec: Kysely<Database> = this.db): Promise<MerchantSettings & { merchantName: string }> {
    const m = await repo.findMerchant(exec, merchantId);
    if (!m) throw new AppError('NOT_FOUND');
    return { ...parseSettings(m.settings), merchantName: m.name };
  }

  async updateSettings(w: WriteScope, patch: MerchantSettingsPatch) {
    const merchantId = w.actor.merchantId;
    const m = await repo.findMerchant(w.tx, merchantId);
    if (!m) throw new AppError('NOT_FOUND');
    const before = { ...parseSettings(m.settings), merchantName: m.name };
    const settings = applySettingsPatch(before, patch);
    const name = patch.merchantName ?? m.name;
    await repo.updateMerchant(w.tx, merchantId, { name, settings: JSON.stringify(settings), updated_at: w.now.toISOString() });
    const after = { ...settings, merchantName: name };
    await w.audit({ action: 'settings.update', entityType: 'merchant', entityId: merchantId, before, after });
    return after;
  }

  // ---- regions & cities ------------------------------------------------------------------

  async listRegions(ctx: AccessContext) {
    const [regions, cities] = await Promise.all([repo.listRegions(this.db, ctx.merchantId), repo.listCities(this.db, ctx.merchantId)]);
    let visible = regions;
    const scope = storeScope(ctx);
    if (scope !== null) {
      const stores = await repo.storeBriefs(this.db, ctx.merchantId, scope);
      const regionIds = new Set(stores.map((s) => s.region_id));
      visible = regions.filter((r) => regionIds.has(r.id));
    }
    return visible.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      cities: cities.filter((c) => c.region_id === r.id).map((c) => ({ id: c.id, regionId: c.region_id, code: c.code, name: c.name })),
    }));
  }

  private async region(w: WriteScope, id: string) {
    const region = await repo.findRegion(w.tx, w.actor.merchantId, id);
    if (!region) throw new AppError(OrgErrors.ORG_REGION_NOT_FOUND, { field: 'id' });
    return region;
  }

  private async city(w: WriteScope, id: string, field = 'id') {
    const city = await repo.findCity(w.tx, w.actor.merchantId, id);
    if (!city) throw new AppError(OrgErrors.ORG_CITY_NOT_FOUND, { field });
    return city;
  }

  async createRegion(w: WriteScope, input: { code: string; name: string }) {
    await assertCodeFree(w.tx, 'regions', w.actor.merchantId, input.code);
    const at = w.now.toISOString();
    const row = { merchant_id: w.actor.merchantId, id: newId(), code: input.code, name: input.name, created_at: at, updated_at: at };
    await repo.insertRegion(w.tx, row);
    await w.audit({ action: 'region.create', entityType: 'region', entityId: row.id, after: input });
    return { id: row.id, code: row.code, name: row.name, cities: [] };
  }

  async updateRegion(w: WriteScope, id: string, patch: { code?: string; name?: string }) {
    const before = await this.region(w, id);
    if (patch.code !== undefined) await assertCodeFree(w.tx, 'regions', w.actor.merchantId, patch.code, id);
    await repo.updateRegion(w.tx, w.actor.merchantId, id, { ...patch, updated_at: w.now.toISOString() });
    await w.audit({ action: 'region.update', entityType: 'region', entityId: id, before: { code: before.code, name: before.name }, after: patch });
    return { id, code: patch.code ?? before.code, name: patch.name ?? before.name };
  }

  async deleteRegion(w: WriteScope, id: string) {
    const before = await this.region(w, id);
    if (await repo.regionInUse(w.tx, w.actor.merchantId, id)) throw new AppError(OrgErrors.ORG_REGION_IN_USE, { field: 'id' });
    await repo.deleteRegion(w.tx, w.actor.merchantId, id);
    await w.audit({ action: 'region.delete', entityType: 'region', entityId: id, before: { code: before.code, name: before.name } });
  }

  async createCity(w: WriteScope, input: { regionId: string; code: string; name: string }) {
    const region = await repo.findRegion(w.tx, w.actor.merchantId, input.regionId);
    if (!region) throw new AppError(OrgErrors.ORG_REGION_NOT_FOUND, { field: 'regionId' });
    await assertCodeFree(w.tx, 'cities', w.actor.merchantId, input.code);
    const at = w.now.toISOString();
    const row = { merchant_id: w.actor.merchantId, id: newId(), region_id: input.regionId, code: input.code, name: input.name, created_at: at, updated_at: at };
    await repo.insertCity(w.tx, row);
    await w.audit({ action: 'city.create', entityType: 'city', entityId: row.id, after: input });
    return { id: row.id, regionId: row.region_id, code: row.code, name: row.name };
  }

  async updateCity(w: WriteScope, id: string, patch: { code?: string; name?: string }) {
    const before = await this.city(w, id);
    if (patch.code !== undefined) await assertCodeFree(w.tx, 'cities', w.actor.merchantId, patch.code, id);
    await repo.updateCity(w.tx, w.actor.merchantId, id, { ...patch, updated_at: w.now.toISOString() });
    await w.audit({ action: 'city.update', entityType: 'city', entityId: id, before: { code: before.code, name: before.name }, after: patch });
    return { id, regionId: before.region_id, code: patch.code ?? before.code, name: patch.name ?? before.name };
  }

  async deleteCity(w: WriteScope, id: string) {
    const before = await this.city(w, id);
    if (await repo.cityInUse(w.tx, w.actor.merchantId, id)) throw new AppError(OrgErrors.ORG_CITY_IN_USE, { field: 'id' });
    await repo.deleteCity(w.tx, w.actor.merchantId, id);
    await w.audit({ action: 'city.delete', entityType: 'city', entityId: id, before: { code: before.code, name: before.name } });
  }

  // ---- stores ------------------------------------------------------------------------------

  async listStores(ctx: AccessContext, query: Omit<Parameters<typeof repo.listStores>[2], 'storeIds'>) {
    const { rows, total } = await repo.listStores(this.db, ctx.merchantId, { ...query, storeIds: storeScope(ctx) });
    return { items: rows.map(toStoreDto), total, page: query.page, pageSize: query.pageSize };
  }

  async getStore(ctx: AccessContext, id: string) {
    const row = await repo.findStore(this.db, ctx.merchantId, id);
    if (!row) throw new AppError(OrgErrors.ORG_STORE_NOT_FOUND, { field: 'id' });
    requireStoreAccess(ctx, id, 'id');
    return toStoreDto(row);
  }

  /** Region and city must exist in this merchant, and the city must lie in the region. */
  private async checkPlacement(w: WriteScope, regionId: string | null, cityId: string | null) {
    if (regionId !== null && !(await repo.findRegion(w.tx, w.actor.merchantId, regionId))) {
      throw new AppError(OrgErrors.ORG_REGION_NOT_FOUND, { field: 'regionId' });
    }
    if (cityId !== null) {
      const city = await this.city(w, cityId, 'cityId');
      if (regionId !== null && city.region_id !== regionId) throw new AppError(OrgErrors.ORG_CITY_NOT_IN_REGION, { field: 'cityId' });
    }
  }

  async createStore(w: WriteScope, input: StoreInput) {
    await assertCodeFree(w.tx, 'stores', w.actor.merchantId, input.code);
    await this.checkPlacement(w, input.regionId, input.cityId);
    const at = w.now.toISOString();
    const row = {
      merchant_id: w.actor.merchantId,
      id: newId(),
      ...storeColumns({ ...input, timeZone: input.timeZone ?? this.defaultTimeZone }),
      created_at: at,
      updated_at: at,
    } as StoreRow;
    await repo.insertStore(w.tx, row);
    const dto = toStoreDto(row);
    await w.audit({ action: 'store.create', entityType: 'store', entityId: row.id, after: dto });
    return dto;
  }

  async updateStore(w: WriteScope, ctx: AccessContext, id: string, patch: StorePatch) {
    const before = await repo.findStore(w.tx, w.actor.merchantId, id);
    if (!before) throw new AppError(OrgErrors.ORG_STORE_NOT_FOUND, { field: 'id' });
    requireStoreAccess(ctx, id, 'id');
    if (patch.code !== undefined) await assertCodeFree(w.tx, 'stores', w.actor.merchantId, patch.code, id);
    if (patch.regionId !== undefined || patch.cityId !== undefined) {
      await this.checkPlacement(w, patch.regionId === undefined ? before.region_id : patch.regionId, patch.cityId === undefined ? before.city_id : patch.cityId);
    }
    const after = { ...before, ...storeColumns(patch), updated_at: w.now.toISOString() };
    await repo.updateStore(w.tx, w.actor.merchantId, id, { ...storeColumns(patch), updated_at: after.updated_at });
    const dto = toStoreDto(after);
    await w.audit({ action: 'store.update', entityType: 'store', entityId: id, before: toStoreDto(before), after: dto });
    return dto;
  }





  async activeStoresForScheduling() {
    const rows = await repo.activeStoresForScheduling(this.db);
    return rows.map((r) => ({ merchantId: r.merchant_id, storeId: r.id, timeZone: r.time_zone }));
  }

  /** A store's row for documents printed there (business day, top-up threshold and quotas); scope-checked. */
  async storeForDocuments(exec: Kysely<Database>, ctx: AccessContext, storeId: string) {
    return this.storeInScope(ctx, storeId, exec);
  }

  /** The store the staff member works at now (the header's switcher) and its business day: where a document is made. */
  async currentStoreDay(exec: Kysely<Database>, ctx: AccessContext, now: Date) {
    if (!ctx.storeId) throw new AppError(OrgErrors.STORE_REQUIRED, { field: 'storeId' });
    const store = await this.storeInScope(ctx, ctx.storeId, exec);
    return { store, day: businessDay(now, store.time_zone, store.business_day_cutoff_minutes) };
  }

  /** A store's time zone, for dates worked out on its behalf (the merchant's default if the store is gone). */
  async storeTimeZone(exec: Kysely<Database>, merchantId: string, storeId: string): Promise<string> {
    return (await repo.findStore(exec, merchantId, storeId))?.time_zone ?? this.defaultTimeZone;
  }

  // ---- tills -------------------------------------------------------------------------------

  private async storeInScope(ctx: AccessContext, storeId: string, exec: Kysely<Database> = this.db) {
    const store = await repo.findStore(exec, ctx.merchantId, storeId);
    if (!store) throw new AppError(OrgErrors.ORG_STORE_NOT_FOUND, { field: 'storeId' });
    requireStoreAccess(ctx, storeId);
    return store;
  }

  async listTills(ctx: AccessContext, storeId: string) {
    await this.storeInScope(ctx, storeId);
    return (await repo.listTills(this.db, ctx.merchantId, storeId)).map(toTillDto);
  }

  async createTill(w: WriteScope, ctx: AccessContext, storeId: string, input: { code: string; name: string }) {
    await this.storeInScope(ctx, storeId, w.tx);
    if (await repo.tillCodeTaken(w.tx, ctx.merchantId, storeId, input.code)) {
      throw new AppError('CODE_TAKEN', { field: 'code', details: { code: input.code } });
    }
    const at = w.now.toISOString();
    const row: TillRow = { merchant_id: ctx.merchantId, id: newId(), store_id: storeId, code: input.code, name: input.name, status: 'active', created_at: at, updated_at: at };
    await repo.insertTill(w.tx, row);
    await w.audit({ action: 'till.create', entityType: 'till', entityId: row.id, after: toTillDto(row) });
    return toTillDto(row);
  }

  async updateTill(w: WriteScope, ctx: AccessContext, id: string, patch: { name?: string; status?: 'active' | 'disabled' }) {
    const before = await repo.findTill(w.tx, ctx.merchantId, id);
    if (!before) throw new AppError(OrgErrors.ORG_TILL_NOT_FOUND, { field: 'id' });
    requireStoreAccess(ctx, before.store_id, 'id');
    const after = { ...before, ...patch, updated_at: w.now.toISOString() };
    await repo.updateTill(w.tx, ctx.merchantId, id, { ...patch, updated_at: after.updated_at });
    await w.audit({ action: 'till.update', entityType: 'till', entityId: id, before: toTillDto(before), after: toTillDto(after) });
    return toTillDto(after);
  }
}
