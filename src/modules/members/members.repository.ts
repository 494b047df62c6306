import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import { containsText, pageOffset } from '../../db/sql-helpers';
import { LIVE_CARD_STATUSES } from './card-rules';
import type { CardTypesTable, MemberCardsTable, MemberLevelsTable, MembersTable } from './members.tables';
import type { MemberListQuery } from './members.schemas';

type Exec = Kysely<Database>;
export type MemberRow = Selectable<MembersTable>;
export type LevelRow = Selectable<MemberLevelsTable>;
export type CardTypeRow = Selectable<CardTypesTable>;
export type CardRow = Selectable<MemberCardsTable>;

const MEMBER_SORT = { createdAt: 'members.created_at', name: 'members.name', lastVisitAt: 'members.last_visit_at', lifetimeSpendFen: 'members.lifetime_spend_fen' } as const;

/** A member list filter without paging and sorting; storeIds null = every store. */
export type MemberFilter = Omit<MemberListQuery, 'page' | 'pageSize' | 'sort' | 'order'> & { storeIds: string[] | null; ids?: readonly string[] };

/** The members a list filter selects (store scope, level, tag, birthday month, dates, search). */
function matching(db: Exec, merchantId: string, query: MemberFilter) {
  let base = db.selectFrom('members').where('members.merchant_id', '=', merchantId).where('members.status', '=', query.status);
  if (query.storeIds !== null) base = base.where('members.home_store_id', 'in', query.storeIds.length ? query.storeIds : ['-']);
  if (query.ids) base = base.where('members.id', 'in', query.ids.length ? [...query.ids] : ['-']);
  if (query.storeId) base = base.where('members.home_store_id', '=', query.storeId);
  if (query.levelId) base = base.where('members.level_id', '=', query.levelId);
  if (query.tag) {
    const tag = query.tag;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('member_tags')
          .select('member_tags.tag')
          .whereRef('member_tags.merchant_id', '=', 'members.merchant_id')
          .whereRef('member_tags.member_id', '=', 'members.id')
          .where('member_tags.tag', '=', tag),
      ),
    );
  }
  if (query.birthdayMonth) {
    const mm = String(query.birthdayMonth).padStart(2, '0');
    base = base.where('members.birth_md', '>=', `${mm}-01`).where('members.birth_md', '<=', `${mm}-31`);
  }
  if (query.registeredFrom) base = base.where('members.created_at', '>=', `${query.registeredFrom}T00:00:00.000Z`);
  if (query.registeredTo) base = base.where('members.created_at', '<', `${query.registeredTo}T23:59:59.999Z`);
  if (query.lastVisitFrom) base = base.where('members.last_visit_at', '>=', `${query.lastVisitFrom}T00:00:00.000Z`);
  if (query.lastVisitTo) base = base.where('members.last_visit_at', '<', `${query.lastVisitTo}T23:59:59.999Z`);
  if (query.q) {
    const q = query.q;
    base = base.where((eb) => {
      const byCard = eb.exists(
        eb
          .selectFrom('member_cards')
          .select('member_cards.id')
          .whereRef('member_cards.merchant_id', '=', 'members.merchant_id')
          .whereRef('member_cards.member_id', '=', 'members.id')
          .where('member_cards.card_no', '=', q)
          .where('member_cards.status', 'in', LIVE_CARD_STATUSES),
      );
      if (/^\d{11}$/.test(q)) return eb.or([eb('members.phone', '=', q), byCard]);
      if (/^\d{4}$/.test(q)) return eb.or([eb('members.phone_last4', '=', q), byCard]);
      return eb.or([containsText(eb.ref('members.name'), q), byCard]);
    });
  }
  return base;
}

/** The only place with SQL for members, their tags, photos, cards, levels and card types. */
export const membersRepository = {
  // ---- programme & levels ----
  findProgram: (db: Exec, merchantId: string) => db.selectFrom('member_programs').selectAll().where('merchant_id', '=', merchantId).executeTakeFirst(),
  upsertProgram: (db: Exec, merchantId: string, levelBasis: 'spend' | 'points' | 'topup', at: string) =>
    db
      .insertInto('member_programs')
      .values({ merchant_id: merchantId, level_basis: levelBasis, updated_at: at })
      .onConflict((oc) => oc.column('merchant_id').doUpdateSet({ level_basis: levelBasis, updated_at: at }))
      .execute(),
  listLevels: (db: Exec, merchantId: string) =>
    db.selectFrom('member_levels').selectAll().where('merchant_id', '=', merchantId).orderBy('rank').orderBy('upgrade_threshold').execute(),
  findLevel: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('member_levels').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  insertLevel: (db: Exec, row: LevelRow) => db.insertInto('member_levels').values(row).execute(),
  updateLevel: (db: Exec, merchantId: string, id: string, patch: Partial<LevelRow>) =>
    db.updateTable('member_levels').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  deleteLevel: (db: Exec, merchantId: string, id: string) => db.deleteFrom('member_levels').where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  memberCountByLevel: async (db: Exec, merchantId: string) =>
    new Map(
      (
        await db
          .selectFrom('members')
          .select(['level_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('merchant_id', '=', merchantId)
          .where('status', '=', 'active')
          .groupBy('level_id')
          .execute()
      ).map((r) => [r.level_id, Number(r.n)]),
    ),
  levelInUse: async (db: Exec, merchantId: string, id: string) => {
    const member = await db
      .selectFrom('members')
      .select('id')
      .where('merchant_id', '=', merchantId)
      .where((eb) => eb.or([eb('level_id', '=', id), eb('manual_level_id', '=', id)]))
      .executeTakeFirst();
    const type = await db.selectFrom('card_types').select('id').where('merchant_id', '=', merchantId).where('starting_level_id', '=', id).executeTakeFirst();
    return !!member || !!type;
  },

  // ---- card types ----
  listCardTypes: (db: Exec, merchantId: string) => db.selectFrom('card_types').selectAll().where('merchant_id', '=', merchantId).orderBy('code').execute(),
  findCardType: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('card_types').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  insertCardType: (db: Exec, row: CardTypeRow) => db.insertInto('card_types').values(row).execute(),
  updateCardType: (db: Exec, merchantId: string, id: string, patch: Partial<CardTypeRow>) =>
    db.updateTable('card_types').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),

  // ---- members ----
  findMember: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('members').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  /** id → name, for lists that show who holds something */
  memberNames: async (db: Exec, merchantId: string, ids: readonly string[]) =>
    new Map(ids.length ? (await db.selectFrom('members').select(['id', 'name']).where('merchant_id', '=', merchantId).where('id', 'in', [...ids]).execute()).map((r) => [r.id, r.name]) : []),
  memberInStores: async (db: Exec, merchantId: string, memberId: string, storeIds: string[]) =>
    !!(await db.selectFrom('members').select('id').where('merchant_id', '=', merchantId).where('id', '=', memberId).where('home_store_id', 'in', storeIds.length ? storeIds : ['-']).executeTakeFirst()),
  findMemberByPhone: (db: Exec, merchantId: string, phone: string) =>
    db.selectFrom('members').selectAll().where('merchant_id', '=', merchantId).where('phone', '=', phone).executeTakeFirst(),
  insertMember: (db: Exec, row: MemberRow) => db.insertInto('members').values(row).execute(),
  updateMember: (db: Exec, merchantId: string, id: string, patch: Partial<MemberRow>) =>
    db.updateTable('members').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  tagsOf: async (db: Exec, merchantId: string, memberIds: string[]) => {
    const map = new Map<string, string[]>();
    if (memberIds.length === 0) return map;
    const rows = await db.selectFrom('member_tags').select(['member_id', 'tag']).where('merchant_id', '=', merchantId).where('member_id', 'in', memberIds).orderBy('tag').execute();
    for (const r of rows) map.set(r.member_id, [...(map.get(r.member_id) ?? []), r.tag]);
    return map;
  },
  async replaceTags(db: Exec, merchantId: string, memberId: string, tags: string[]) {
    await db.deleteFrom('member_tags').where('merchant_id', '=', merchantId).where('member_id', '=', memberId).execute();
    if (tags.length) await db.insertInto('member_tags').values(tags.map((tag) => ({ merchant_id: merchantId, member_id: memberId, tag }))).execute();
  },
  /** Live cards whose type charges an annual fee, across merchants, for the annual fee job. */
  annualFeeCards: (db: Exec) =>
    db
      .selectFrom('member_cards as c')
      .innerJoin('card_types as t', (j) => j.onRef('t.merchant_id', '=', 'c.merchant_id').onRef('t.id', '=', 'c.card_type_id'))
      .select(['c.merchant_id', 'c.id', 'c.member_id', 'c.issued_at', 't.annual_fee_fen', 't.annual_fee_mode'])
      .where('c.status', 'in', LIVE_CARD_STATUSES)
      .where('t.annual_fee_fen', '>', 0)
      .where('t.annual_fee_mode', '!=', 'none')
      .execute(),
  liveCardsOf: async (db: Exec, merchantId: string, memberIds: string[]) => {
    if (memberIds.length === 0) return new Map<string, CardRow>();
    const rows = await db
      .selectFrom('member_cards')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('member_id', 'in', memberIds)
      .where('status', 'in', LIVE_CARD_STATUSES)
      .execute();
    return new Map(rows.map((r) => [r.member_id, r]));
  },

  async listMembers(db: Exec, merchantId: string, query: MemberListQuery & { storeIds: string[] | null; today: string }) {
    if (query.storeIds !== null && query.storeIds.length === 0) return { rows: [] as MemberRow[], total: 0 };
    const base = matching(db, merchantId, query);
    const [rows, count] = await Promise.all([
      base
        .selectAll('members')
        .orderBy(sql.ref(MEMBER_SORT[query.sort]), query.order)
        .orderBy('members.id', query.order)
        .limit(query.pageSize)
        .offset(pageOffset(query))
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  },

  /** Ids of every member a filter selects (bulk actions such as issuing coupons), at most `limit`. */
  matchingIds: async (db: Exec, merchantId: string, query: MemberFilter, limit: number) =>
    (await matching(db, merchantId, query).select('members.id').orderBy('members.id').limit(limit).execute()).map((r) => r.id),

  /** Members whose birthday (MM-DD) falls in one of the given days, within the stores. */
  birthdaysOn: (db: Exec, merchantId: string, monthDays: string[], storeIds: string[] | null) =>
    db
      .selectFrom('members')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('status', '=', 'active')
      .where('birth_md', 'in', monthDays)
      .$if(storeIds !== null, (q) => q.where('home_store_id', 'in', storeIds?.length ? storeIds : ['']))
      .limit(5000)
      .execute(),

  // ---- photos ----
  findPhoto: (db: Exec, merchantId: string, memberId: string) =>
    db.selectFrom('member_photos').selectAll().where('merchant_id', '=', merchantId).where('member_id', '=', memberId).executeTakeFirst(),
  async putPhoto(db: Exec, merchantId: string, memberId: string, contentType: string, data: Buffer, at: string) {
    await db.deleteFrom('member_photos').where('merchant_id', '=', merchantId).where('member_id', '=', memberId).execute();
    await db.insertInto('member_photos').values({ merchant_id: merchantId, member_id: memberId, content_type: contentType, data, updated_at: at }).execute();
  },
  deletePhoto: (db: Exec, merchantId: string, memberId: string) =>
    db.deleteFrom('member_photos').where('merchant_id', '=', merchantId).where('member_id', '=', memberId).execute(),

  // ---- cards ----
  findCard: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('member_cards').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  findCardByNo: (db: Exec, merchantId: string, cardNo: string) =>
    db.selectFrom('member_cards').selectAll().where('merchant_id', '=', merchantId).where('card_no', '=', cardNo).executeTakeFirst(),
  cardsOfMember: (db: Exec, merchantId: string, memberId: string) =>
    db.selectFrom('member_cards').selectAll().where('merchant_id', '=', merchantId).where('member_id', '=', memberId).orderBy('issued_at', 'desc').execute(),
  insertCard: (db: Exec, row: CardRow) => db.insertInto('member_cards').values(row).execute(),
  /** Moves a card from one status to another; false when it was no longer in `from` (a concurrent change). */
  async moveCard(db: Exec, merchantId: string, id: string, from: string, patch: Partial<CardRow>) {
    const result = await db.updateTable('member_cards').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).where('status', '=', from as CardRow['status']).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  dueForExpiry: (db: Exec, now: string, limit: number) =>
    db.selectFrom('member_cards').selectAll().where('status', '=', 'active').where('expires_at', '<=', now).limit(limit).execute(),
};

/** Rows per multi-row INSERT: 500 members × 26 columns stays far below SQLite's 32,766 bound variables (and PostgreSQL's 65,535). */
const BULK_ROWS = 500;
/** Values per IN (…) lookup. */
const LOOKUP_CHUNK = 1000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Bulk lookups and inserts for the member import; the caller holds the transaction that makes it all-or-nothing. */
export const membersBulkRepository = {
  /** Which of these phones already belong to a member of the merchant. */
  async takenPhones(db: Exec, merchantId: string, phones: readonly string[]): Promise<Set<string>> {
    const taken = new Set<string>();
    for (const part of chunks([...new Set(phones)], LOOKUP_CHUNK)) {
      const rows = await db.selectFrom('members').select('phone').where('merchant_id', '=', merchantId).where('phone', 'in', part).execute();
      for (const r of rows) if (r.phone) taken.add(r.phone);
    }
    return taken;
  },
  /** Which of these card numbers were ever used by the merchant (a replaced number never works again). */
  async takenCardNos(db: Exec, merchantId: string, cardNos: readonly string[]): Promise<Set<string>> {
    const taken = new Set<string>();
    for (const part of chunks([...new Set(cardNos)], LOOKUP_CHUNK)) {
      const rows = await db.selectFrom('member_cards').select('card_no').where('merchant_id', '=', merchantId).where('card_no', 'in', part).execute();
      for (const r of rows) taken.add(r.card_no);
    }
    return taken;
  },
  async insertMembers(db: Exec, rows: readonly MemberRow[]): Promise<void> {
    for (const part of chunks(rows, BULK_ROWS)) await db.insertInto('members').values(part).execute();
  },
  async insertTags(db: Exec, rows: readonly { merchant_id: string; member_id: string; tag: string }[]): Promise<void> {
    for (const part of chunks(rows, BULK_ROWS * 4)) await db.insertInto('member_tags').values(part).execute();
  },
  async insertCards(db: Exec, rows: readonly CardRow[]): Promise<void> {
    for (const part of chunks(rows, BULK_ROWS)) await db.insertInto('member_cards').values(part).execute();
  },
  /** The members holding these phones (erased members hold none). */
  async membersByPhones(db: Exec, merchantId: string, phones: readonly string[]) {
    const out: { id: string; phone: string; home_store_id: string; status: MemberRow['status'] }[] = [];
    for (const part of chunks([...new Set(phones)], LOOKUP_CHUNK)) {
      const rows = await db.selectFrom('members').select(['id', 'phone', 'home_store_id', 'status']).where('merchant_id', '=', merchantId).where('phone', 'in', part).execute();
      for (const r of rows) if (r.phone) out.push({ ...r, phone: r.phone });
    }
    return out;
  },
  /** The members these card numbers were issued to, whatever the card's status now (a number is never reused). */
  async membersByCardNos(db: Exec, merchantId: string, cardNos: readonly string[]) {
    const out: { card_no: string; id: string; home_store_id: string; status: MemberRow['status'] }[] = [];
    for (const part of chunks([...new Set(cardNos)], LOOKUP_CHUNK)) {
      const rows = await db
        .selectFrom('member_cards as c')
        .innerJoin('members as m', (j) => j.onRef('m.merchant_id', '=', 'c.merchant_id').onRef('m.id', '=', 'c.member_id'))
        .select(['c.card_no', 'm.id', 'm.home_store_id', 'm.status'])
        .where('c.merchant_id', '=', merchantId)
        .where('c.card_no', 'in', part)
        .execute();
      out.push(...rows);
    }
    return out;
  },
};
