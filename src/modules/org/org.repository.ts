import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import { containsText, pageOffset } from '../../db/sql-helpers';
import type { CitiesTable, MerchantsTable, RegionsTable, StoresTable, StoreKind, StoreStatus, TillsTable } from './org.tables';

type Exec = Kysely<Database>;
export type MerchantRow = Selectable<MerchantsTable>;
export type RegionRow = Selectable<RegionsTable>;
export type CityRow = Selectable<CitiesTable>;
export type StoreRow = Selectable<StoresTable>;
export type TillRow = Selectable<TillsTable>;

export interface StoreListQuery {
  page: number;
  pageSize: number;
  q?: string;
  kind?: StoreKind;
  status?: StoreStatus;
  regionId?: string;
  sort: 'code' | 'name' | 'openedOn' | 'createdAt';
  order: 'asc' | 'desc';
  /** null = every store */
  storeIds: string[] | null;
}

const STORE_SORT = { code: 'code', name: 'name', openedOn: 'opened_on', createdAt: 'created_at' } as const;

/** The only place with SQL for merchants, regions, cities, stores and tills. */
export const orgRepository = {
  findMerchant: (db: Exec, id: string) => db.selectFrom('merchants').selectAll().where('id', '=', id).executeTakeFirst(),
  findMerchantByCode: (db: Exec, code: string) =>
    db.selectFrom('merchants').selectAll().where('code', '=', code).executeTakeFirst(),
  listMerchants: (db: Exec, limit: number) => db.selectFrom('merchants').selectAll().orderBy('created_at').limit(limit).execute(),
  insertMerchant: (db: Exec, row: MerchantRow) => db.insertInto('merchants').values(row).execute(),
  updateMerchant: (db: Exec, id: string, patch: Partial<Pick<MerchantRow, 'name' | 'settings' | 'updated_at'>>) =>
    db.updateTable('merchants').set(patch).where('id', '=', id).execute(),

  listRegions: (db: Exec, merchantId: string) =>
    db.selectFrom('regions').selectAll().where('merchant_id', '=', merchantId).orderBy('code').execute(),
  listCities: (db: Exec, merchantId: string) =>
    db.selectFrom('cities').selectAll().where('merchant_id', '=', merchantId).orderBy('code').execute(),
  findRegion: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('regions').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  findCity: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('cities').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  insertRegion: (db: Exec, row: RegionRow) => db.insertInto('regions').values(row).execute(),
  updateRegion: (db: Exec, merchantId: string, id: string, patch: Partial<RegionRow>) =>
    db.updateTable('regions').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  deleteRegion: (db: Exec, merchantId: string, id: string) =>
    db.deleteFrom('regions').where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  insertCity: (db: Exec, row: CityRow) => db.insertInto('cities').values(row).execute(),
  updateCity: (db: Exec, merchantId: string, id: string, patch: Partial<CityRow>) =>
    db.updateTable('cities').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  deleteCity: (db: Exec, merchantId: string, id: string) =>
    db.deleteFrom('cities').where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  regionInUse: async (db: Exec, merchantId: string, regionId: string) => {
    const city = await db.selectFrom('cities').select('id').where('merchant_id', '=', merchantId).where('region_id', '=', regionId).executeTakeFirst();
    const store = await db.selectFrom('stores').select('id').where('merchant_id', '=', merchantId).where('region_id', '=', regionId).executeTakeFirst();
    return !!city || !!store;
  },
  cityInUse: async (db: Exec, merchantId: string, cityId: string) =>
    !!(await db.selectFrom('stores').select('id').where('merchant_id', '=', merchantId).where('city_id', '=', cityId).executeTakeFirst()),

  async listStores(db: Exec, merchantId: string, query: StoreListQuery) {
    let base = db.selectFrom('stores').where('merchant_id', '=', merchantId);
    if (query.storeIds !== null) {
      if (query.storeIds.length === 0) return { rows: [] as StoreRow[], total: 0 };
      base = base.where('id', 'in', query.storeIds);
    }
    if (query.kind) base = base.where('kind', '=', query.kind);
    if (query.status) base = base.where('status', '=', query.status);
    if (query.regionId) base = base.where('region_id', '=', query.regionId);
    if (query.q) {
      const text = query.q;
      base = base.where((eb) => eb.or([containsText(eb.ref('name'), text), containsText(eb.ref('code'), text), containsText(eb.ref('address'), text)]));
    }
    const [rows, count] = await Promise.all([
      base
        .selectAll()
        .orderBy(STORE_SORT[query.sort], query.order)
        .orderBy('id')
        .limit(query.pageSize)
        .offset(pageOffset(query))
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  },
  findStore: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('stores').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  insertStore: (db: Exec, row: StoreRow) => db.insertInto('stores').values(row).execute(),
  updateStore: (db: Exec, merchantId: string, id: string, patch: Partial<StoreRow>) =>
    db.updateTable('stores').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  /** ids of the merchant's stores among `ids` (to validate references) */
  existingStoreIds: async (db: Exec, merchantId: string, ids: string[]) =>
    ids.length === 0
      ? []
      : (await db.selectFrom('stores').select('id').where('merchant_id', '=', merchantId).where('id', 'in', ids).execute()).map((r) => r.id),
  existingRegionIds: async (db: Exec, merchantId: string, ids: string[]) =>
    ids.length === 0
      ? []
      : (await db.selectFrom('regions').select('id').where('merchant_id', '=', merchantId).where('id', 'in', ids).execute()).map((r) => r.id),
  storeIdsInRegions: async (db: Exec, merchantId: string, regionIds: string[]) =>
    regionIds.length === 0
      ? []
      : (await db.selectFrom('stores').select('id').where('merchant_id', '=', merchantId).where('region_id', 'in', regionIds).execute()).map((r) => r.id),
  storeBriefs: (db: Exec, merchantId: string, ids: string[] | null) =>
    db
      .selectFrom('stores')
      .select(['id', 'code', 'name', 'region_id'])
      .where('merchant_id', '=', merchantId)
      .where('status', '!=', 'closed')
      .$if(ids !== null, (q) => q.where('id', 'in', ids?.length ? ids : ['']))
      .orderBy('code')
      .execute(),
  activeStoresForScheduling: (db: Exec) =>
    db.selectFrom('stores').select(['merchant_id', 'id', 'time_zone']).where('status', '=', 'active').execute(),

  listTills: (db: Exec, merchantId: string, storeId: string) =>
    db.selectFrom('tills').selectAll().where('merchant_id', '=', merchantId).where('store_id', '=', storeId).orderBy('code').execute(),
  findTill: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('tills').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  tillCodeTaken: async (db: Exec, merchantId: string, storeId: string, code: string) =>
    !!(await db
      .selectFrom('tills')
      .select('id')
      .where('merchant_id', '=', merchantId)
      .where('store_id', '=', storeId)
      .where('code', '=', code)
      .executeTakeFirst()),
  insertTill: (db: Exec, row: TillRow) => db.insertInto('tills').values(row).execute(),
  updateTill: (db: Exec, merchantId: string, id: string, patch: Partial<TillRow>) =>
    db.updateTable('tills').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
};
