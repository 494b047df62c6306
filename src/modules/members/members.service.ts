import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { assertCodeFree } from '../../db/sql-helpers';
import { addDays, localDateTime, type Clock } from '../../kernel/clock';
import { AppError } from '../../kernel/errors';
import { ID_PATTERN, newId } from '../../kernel/ids';
import { hasPermission, requireStoreAccess, storeScope } from '../../platform/access';
import type { AccessContext } from '../../platform/context';
import type { WriteScope } from '../../platform/write';
import { maskIdNumber, maskPhone } from '../../kernel/masking';
import { cardBlock, extendedUntil, generateCardNo, LIVE_CARD_STATUSES, validUntil } from './card-rules';
import { basisValue, qualifyingLevel } from './level-rules';
import { MembersErrors } from './members.errors';
import type { CustomFieldCheck, StoreFacts } from './members.ports';
import { membersBulkRepository as bulk, membersRepository as repo, type CardRow, type CardTypeRow, type LevelRow, type MemberFilter, type MemberRow } from './members.repository';
import type { MemberDto, MemberInput, MemberListQuery, MemberPatch } from './members.schemas';
import type { CardStatus, LevelBasis, MemberChannel } from './members.tables';

type Exec = Kysely<Database>;

export type CardAction = 'report_lost' | 'cancel_loss' | 'freeze' | 'unfreeze';
/** Each simple card action: the status it starts from and the status it leaves. */
const CARD_MOVES: Record<CardAction, { from: CardStatus; to: CardStatus }> = {
  report_lost: { from: 'active', to: 'lost' },
  cancel_loss: { from: 'lost', to: 'active' },
  freeze: { from: 'active', to: 'frozen' },
  unfreeze: { from: 'frozen', to: 'active' },
};

const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const PHOTO_MAX_BYTES = 512 * 1024;

function toCardDto(row: CardRow) {
  return {
    id: row.id,
    memberId: row.member_id,
    cardNo: row.card_no,
    cardTypeId: row.card_type_id,
    status: row.status,
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    replacedById: row.replaced_by_id,
    statusReason: row.status_reason,
  };
}

function toLevelDto(row: LevelRow, memberCount = 0) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    rank: row.rank,
    discountBp: row.discount_bp,
    pointsMultiplierBp: row.points_multiplier_bp,
    upgradeThreshold: row.upgrade_threshold,
    keepThresholdFen: row.keep_threshold_fen,
    memberCount,
  };
}

function toCardTypeDto(row: CardTypeRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    validityKind: row.validity_kind,
    validityDays: row.validity_days,
    cardFeeFen: row.card_fee_fen,
    openingFeeFen: row.opening_fee_fen,
    annualFeeFen: row.annual_fee_fen,
    annualFeeMode: row.annual_fee_mode,
    startingLevelId: row.starting_level_id,
    status: row.status,
  };
}

export class MembersService {
  constructor(
    private readonly db: Exec,
    private readonly fields: CustomFieldCheck,
    private readonly stores: StoreFacts,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  // ---- programme & levels --------------------------------------------------------------------

  async levelBasis(exec: Exec, merchantId: string): Promise<LevelBasis> {
    return (await repo.findProgram(exec, merchantId))?.level_basis ?? 'spend';
  }

  async program(merchantId: string) {
    return { levelBasis: await this.levelBasis(this.db, merchantId) };
  }

  async setLevelBasis(w: WriteScope, levelBasis: LevelBasis) {
    const before = await this.levelBasis(w.tx, w.actor.merchantId);
    await repo.upsertProgram(w.tx, w.actor.merchantId, levelBasis, w.now.toISOString());
    await w.audit({ action: 'member_program.update', entityType: 'member_program', entityId: w.actor.merchantId, before: { levelBasis: before }, after: { levelBasis } });
    return { levelBasis };
  }

  async listLevels(merchantId: string) {
    const [rows, counts] = await Promise.all([repo.listLevels(this.db, merchantId), repo.memberCountByLevel(this.db, merchantId)]);
    return rows.map((r) => toLevelDto(r, counts.get(r.id) ?? 0));
  }

  private async level(exec: Exec, merchantId: string, id: string, field = 'id') {
    const row = await repo.findLevel(exec, merchantId, id);
    if (!row) throw new AppError(MembersErrors.LEVEL_NOT_FOUND, { field });
    return row;
  }

  async createLevel(w: WriteScope, input: { code: string; name: string; rank: number; discountBp: number; pointsMultiplierBp: number; upgradeThreshold: number; keepThresholdFen: number | null }) {
    await assertCodeFree(w.tx, 'member_levels', w.actor.merchantId, input.code);
    const at = w.now.toISOString();
    const row: LevelRow = {
      merchant_id: w.actor.merchantId,
      id: newId(),
      code: input.code,
      name: input.name,
      rank: input.rank,
      discount_bp: input.discountBp,
      points_multiplier_bp: input.pointsMultiplierBp,
      upgrade_threshold: input.upgradeThreshold,
      keep_threshold_fen: input.keepThresholdFen,
      created_at: at,
      updated_at: at,
    };
    await repo.insertLevel(w.tx, row);
    await w.audit({ action: 'level.create', entityType: 'level', entityId: row.id, after: toLevelDto(row) });
    return toLevelDto(row);
  }

  async updateLevel(w: WriteScope, id: string, patch: Partial<{ code: string; name: string; rank: number; discountBp: number; pointsMultiplierBp: number; upgradeThreshold: number; keepThresholdFen: number | null }>) {
    const before = await this.level(w.tx, w.actor.merchantId, id);
    if (patch.code !== undefined) {
        await assertCodeFree(w.tx, 'member_levels', w.actor.merchantId, patch.code, id);
    }
    const changes: Partial<LevelRow> = { updated_at: w.now.toISOString() };
    if (patch.code !== undefined) changes.code = patch.code;
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.rank !== undefined) changes.rank = patch.rank;
    if (patch.discountBp !== undefined) changes.discount_bp = patch.discountBp;
    if (patch.pointsMultiplierBp !== undefined) changes.points_multiplier_bp = patch.pointsMultiplierBp;
    if (patch.upgradeThreshold !== undefined) changes.upgrade_threshold = patch.upgradeThreshold;
    if (patch.keepThresholdFen !== undefined) changes.keep_threshold_fen = patch.keepThresholdFen;
    await repo.updateLevel(w.tx, w.actor.merchantId, id, changes);
    const after = toLevelDto({ ...before, ...changes });
    await w.audit({ action: 'level.update', entityType: 'level', entityId: id, before: toLevelDto(before), after });
    return after;
  }

  async deleteLevel(w: WriteScope, id: string) {
    const before = await this.level(w.tx, w.actor.merchantId, id);
    if (await repo.levelInUse(w.tx, w.actor.merchantId, id)) throw new AppError(MembersErrors.LEVEL_IN_USE, { field: 'id' });
    await repo.deleteLevel(w.tx, w.actor.merchantId, id);
    await w.audit({ action: 'level.delete', entityType: 'level', entityId: id, before: toLevelDto(before) });
  }

  // ---- card types ----------------------------------------------------------------------------

  async listCardTypes(merchantId: string) {
    return (await repo.listCardTypes(this.db, merchantId)).map(toCardTypeDto);
  }

  private async cardType(exec: Exec, merchantId: string, id: string, field = 'id') {
    const row = await repo.findCardType(exec, merchantId, id);
    if (!row) throw new AppError(MembersErrors.CARD_TYPE_NOT_FOUND, { field });
    return row;
  }

  private checkValidity(kind: string, days: number | null) {
    if (kind === 'days' && !days) throw new AppError(MembersErrors.CARD_TYPE_DAYS_REQUIRED, { field: 'validityDays' });
  }

  async createCardType(w: WriteScope, input: ReturnType<typeof toCardTypeDto> extends infer D ? Omit<D, 'id' | 'status'> : never) {
    await assertCodeFree(w.tx, 'card_types', w.actor.merchantId, input.code);
    this.checkValidity(input.validityKind, input.validityDays);
    if (input.startingLevelId) await this.level(w.tx, w.actor.merchantId, input.startingLevelId, 'startingLevelId');
    const at = w.now.toISOString();
    const row: CardTypeRow = {
      merchant_id: w.actor.merchantId,
      id: newId(),
      code: input.code,
      name: input.name,
      validity_kind: input.validityKind,
      validity_days: input.validityKind === 'days' ? input.validityDays : null,
      card_fee_fen: input.cardFeeFen,
      opening_fee_fen: input.openingFeeFen,
      annual_fee_fen: input.annualFeeFen,
      annual_fee_mode: input.annualFeeMode,
      starting_level_id: input.startingLevelId,
      status: 'active',
      created_at: at,
      updated_at: at,
    };
    await repo.insertCardType(w.tx, row);
    await w.audit({ action: 'card_type.create', entityType: 'card_type', entityId: row.id, after: toCardTypeDto(row) });
    return toCardTypeDto(row);
  }

  async updateCardType(w: WriteScope, id: string, patch: Partial<Omit<ReturnType<typeof toCardTypeDto>, 'id' | 'code'>>) {
    const before = await this.cardType(w.tx, w.actor.merchantId, id);
    const merged = { ...toCardTypeDto(before), ...patch };
    this.checkValidity(merged.validityKind, merged.validityDays);
    if (patch.startingLevelId) await this.level(w.tx, w.actor.merchantId, patch.startingLevelId, 'startingLevelId');
    const changes: Partial<CardTypeRow> = {
      name: merged.name,
      validity_kind: merged.validityKind,
      validity_days: merged.validityKind === 'days' ? merged.validityDays : null,
      card_fee_fen: merged.cardFeeFen,
      opening_fee_fen: merged.openingFeeFen,
      annual_fee_fen: merged.annualFeeFen,
      annual_fee_mode: merged.annualFeeMode,
      starting_level_id: merged.startingLevelId,
      status: merged.status,
      updated_at: w.now.toISOString(),
    };
    await repo.updateCardType(w.tx, w.actor.merchantId, id, changes);
    const after = toCardTypeDto({ ...before, ...changes });
    await w.audit({ action: 'card_type.update', entityType: 'card_type', entityId: id, before: toCardTypeDto(before), after });
    return after;
  }

  // ---- members -------------------------------------------------------------------------------

  private async toDtos(exec: Exec, ctx: AccessContext, rows: MemberRow[]): Promise<MemberDto[]> {
    const ids = rows.map((r) => r.id);
    const [tags, cards] = await Promise.all([repo.tagsOf(exec, ctx.merchantId, ids), repo.liveCardsOf(exec, ctx.merchantId, ids)]);
    const masked = !hasPermission(ctx, 'members.view_phone');
    return rows.map((r) => {
      const card = cards.get(r.id);
      return {
        id: r.id,
        name: r.name,
        phone: masked ? maskPhone(r.phone) : r.phone,
        masked,
        gender: r.gender,
        birthday: r.birthday,
        idNumber: masked ? maskIdNumber(r.id_number) : r.id_number,
        address: r.address,
        tags: tags.get(r.id) ?? [],
        referrerId: r.referrer_id,
        homeStoreId: r.home_store_id,
        notes: r.notes,
        channel: r.channel,
        levelId: r.level_id,
        manualLevelId: r.manual_level_id,
        lifetimeSpendFen: r.lifetime_spend_fen,
        lifetimePoints: r.lifetime_points,
        lifetimeTopupFen: r.lifetime_topup_fen,
        lastVisitAt: r.last_visit_at,
        customFields: JSON.parse(r.custom_fields) as Record<string, unknown>,
        hasPhoto: r.has_photo === 1,
        status: r.status,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        card: card ? toCardDto(card) : null,
      };
    });
  }

  private async dto(exec: Exec, ctx: AccessContext, row: MemberRow) {
    const [dto] = await this.toDtos(exec, ctx, [row]);
    return dto as MemberDto;
  }

  /** A member of this merchant within the viewer's stores; others look like they do not exist. */
  private async member(exec: Exec, ctx: AccessContext, id: string, field = 'id') {
    const row = ID_PATTERN.test(id) ? await repo.findMember(exec, ctx.merchantId, id) : undefined;
    if (!row || (ctx.allowedStoreIds !== null && !ctx.allowedStoreIds.has(row.home_store_id))) {
      throw new AppError(MembersErrors.MEMBER_NOT_FOUND, { field });
    }
    return row;
  }

  private async liveMember(exec: Exec, ctx: AccessContext, id: string, field = 'id') {
    const row = await this.member(exec, ctx, id, field);
    if (row.status === 'erased') throw new AppError(MembersErrors.MEMBER_ERASED, { field });
    return row;
  }

  private today() {
    return localDateTime(this.clock.now(), this.timeZone).date;
  }

  private async checkProfile(w: WriteScope, ctx: AccessContext, p: { phone?: string; birthday?: string | null; referrerId?: string | null; homeStoreId?: string }, selfId?: string) {
    if (p.phone !== undefined) {
      const owner = await repo.findMemberByPhone(w.tx, ctx.merchantId, p.phone);
      if (owner && owner.id !== selfId) throw new AppError(MembersErrors.MEMBER_PHONE_TAKEN, { field: 'phone', details: { phone: maskPhone(p.phone) } });
    }
    if (p.birthday && p.birthday > localDateTime(w.now, this.timeZone).date) {
      throw new AppError(MembersErrors.MEMBER_BIRTHDAY_IN_FUTURE, { field: 'birthday' });
    }
    if (p.referrerId) {
      const referrer = await repo.findMember(w.tx, ctx.merchantId, p.referrerId);
      if (!referrer || referrer.id === selfId) throw new AppError(MembersErrors.MEMBER_REFERRER_NOT_FOUND, { field: 'referrerId' });
    }
    if (p.homeStoreId !== undefined) {
      if (!(await this.stores.existingStoreIds(w.tx, ctx.merchantId, [p.homeStoreId])).length) {
        throw new AppError('NOT_FOUND', { field: 'homeStoreId' });
      }
      requireStoreAccess(ctx, p.homeStoreId, 'homeStoreId');
    }
  }

  /** Registers a member (at the till, in the back office, by self-registration or import). */
  async createMember(w: WriteScope, ctx: AccessContext, input: Omit<MemberInput, 'channel'> & { channel: MemberChannel }) {
    const homeStoreId = input.homeStoreId ?? ctx.storeId;
    if (!homeStoreId) throw new AppError(MembersErrors.MEMBER_STORE_REQUIRED, { field: 'homeStoreId' });
    await this.checkProfile(w, ctx, { ...input, homeStoreId });
    const customFields = await this.fields.validate(w.tx, ctx.merchantId, 'member', input.customFields);
    const at = w.now.toISOString();
    const levels = await repo.listLevels(w.tx, ctx.merchantId);
    const row: MemberRow = {
      merchant_id: ctx.merchantId,
      id: newId(),
      name: input.name,
      phone: input.phone,
      phone_last4: input.phone.slice(-4),
      gender: input.gender,
      birthday: input.birthday,
      birth_md: input.birthday ? input.birthday.slice(5) : null,
      id_number: input.idNumber,
      address: input.address,
      referrer_id: input.referrerId,
      home_store_id: homeStoreId,
      notes: input.notes,
      channel: input.channel,
      level_id: qualifyingLevel(levels.map(rung), 0, null),
      manual_level_id: null,
      lifetime_spend_fen: 0,
      lifetime_points: 0,
      lifetime_topup_fen: 0,
      last_visit_at: null,
      custom_fields: JSON.stringify(customFields),
      has_photo: 0,
      status: 'active',
      created_at: at,
      updated_at: at,
    };
    await repo.insertMember(w.tx, row);
    const tags = [...new Set(input.tags)];
    await repo.replaceTags(w.tx, ctx.merchantId, row.id, tags);
    const dto = await this.dto(w.tx, ctx, row);
    await w.audit({ action: 'member.create', entityType: 'member', entityId: row.id, after: auditView(dto) });
    if (!input.card) return dto;
    await this.issueCard(w, ctx, row.id, input.card);
    // the card may have raised the level (a card type's starting level)
    return this.dto(w.tx, ctx, (await repo.findMember(w.tx, ctx.merchantId, row.id)) as MemberRow);
  }

  async updateMember(w: WriteScope, ctx: AccessContext, id: string, patch: MemberPatch) {
    const before = await this.liveMember(w.tx, ctx, id);
    await this.checkProfile(w, ctx, patch, id);
    const beforeDto = await this.dto(w.tx, ctx, before);
    const changes: Partial<MemberRow> = { updated_at: w.now.toISOString() };
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.phone !== undefined) Object.assign(changes, { phone: patch.phone, phone_last4: patch.phone.slice(-4) });
    if (patch.gender !== undefined) changes.gender = patch.gender;
    if (patch.birthday !== undefined) Object.assign(changes, { birthday: patch.birthday, birth_md: patch.birthday ? patch.birthday.slice(5) : null });
    if (patch.idNumber !== undefined) changes.id_number = patch.idNumber;
    if (patch.address !== undefined) changes.address = patch.address;
    if (patch.referrerId !== undefined) changes.referrer_id = patch.referrerId;
    if (patch.homeStoreId !== undefined) changes.home_store_id = patch.homeStoreId;
    if (patch.notes !== undefined) changes.notes = patch.notes;
    if (patch.customFields !== undefined) changes.custom_fields = JSON.stringify(await this.fields.validate(w.tx, ctx.merchantId, 'member', patch.customFields));
    await repo.updateMember(w.tx, ctx.merchantId, id, changes);
    if (patch.tags !== undefined) await repo.replaceTags(w.tx, ctx.merchantId, id, [...new Set(patch.tags)]);
    const after = await this.dto(w.tx, ctx, { ...before, ...changes });
    await w.audit({ action: 'member.update', entityType: 'member', entityId: id, before: auditView(beforeDto), after: auditView(after) });
    return after;
  }

  async getMember(ctx: AccessContext, id: string) {
    return this.dto(this.db, ctx, await this.member(this.db, ctx, id));
  }

  /** Active members a filter (or a list of ids) selects within the caller's stores, for bulk actions; at most `limit`. */
  async idsMatching(exec: Exec, ctx: AccessContext, filter: Omit<MemberFilter, 'storeIds' | 'status'>, limit: number) {
    return repo.matchingIds(exec, ctx.merchantId, { ...filter, status: 'active', storeIds: storeScope(ctx) }, limit);
  }

  /** Active members whose birthday is on this date (29 Feb birthdays on 28 Feb in other years), with their home store. */
  async birthdaysOnDate(exec: Exec, merchantId: string, isoDate: string) {
    const md = isoDate.slice(5);
    const leap = new Date(`${isoDate.slice(0, 4)}-02-29T00:00:00Z`).getUTCMonth() === 1;
    const days = md === '02-28' && !leap ? ['02-28', '02-29'] : [md];
    return (await repo.birthdaysOn(exec, merchantId, days, null)).map((r) => ({ id: r.id, homeStoreId: r.home_store_id }));
  }

  async listMembers(ctx: AccessContext, query: MemberListQuery) {
    const { rows, total } = await repo.listMembers(this.db, ctx.merchantId, { ...query, storeIds: storeScope(ctx), today: this.today() });
    return { items: await this.toDtos(this.db, ctx, rows), total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * What a scanner or keyboard typed at the till: a card number, a member code
   * (`M:<id>` from the member QR) or a full phone. Lost or frozen cards still find the member,
   * so the cashier sees why the card cannot pay.
   */
  async lookup(ctx: AccessContext, code: string) {
    const text = code.trim();
    let row: MemberRow | undefined;
    const card = await repo.findCardByNo(this.db, ctx.merchantId, text);
    if (card && LIVE_CARD_STATUSES.includes(card.status)) row = await repo.findMember(this.db, ctx.merchantId, card.member_id);
    else if (/^M:/i.test(text)) row = ID_PATTERN.test(text.slice(2)) ? await repo.findMember(this.db, ctx.merchantId, text.slice(2)) : undefined;
    else if (/^1[3-9]\d{9}$/.test(text)) row = await repo.findMemberByPhone(this.db, ctx.merchantId, text);
    if (!row || row.status !== 'active' || (ctx.allowedStoreIds !== null && !ctx.allowedStoreIds.has(row.home_store_id))) {
      throw new AppError(MembersErrors.MEMBER_LOOKUP_NO_MATCH, { field: 'code' });
    }
    const member = await this.dto(this.db, ctx, row);
    const block = member.card ? cardBlock(member.card.status, member.card.expiresAt, this.clock.now()) : null;
    return { member, cardBlock: block };
  }

  private async reevaluate(w: WriteScope, row: MemberRow) {
    const levels = await repo.listLevels(w.tx, row.merchant_id);
    const basis = await this.levelBasis(w.tx, row.merchant_id);
    const value = basisValue(basis, { spendFen: row.lifetime_spend_fen, points: row.lifetime_points, topupFen: row.lifetime_topup_fen });
    return qualifyingLevel(levels.map(rung), value, row.manual_level_id);
  }

  async setManualLevel(w: WriteScope, ctx: AccessContext, id: string, levelId: string | null, reason: string) {
    const before = await this.liveMember(w.tx, ctx, id);
    if (levelId) await this.level(w.tx, ctx.merchantId, levelId, 'levelId');
    const next = { ...before, manual_level_id: levelId };
    const newLevel = await this.reevaluate(w, next);
    await repo.updateMember(w.tx, ctx.merchantId, id, { manual_level_id: levelId, level_id: newLevel, updated_at: w.now.toISOString() });
    await w.audit({
      action: 'member.set_level',
      entityType: 'member',
      entityId: id,
      before: { levelId: before.level_id, manualLevelId: before.manual_level_id },
      after: { levelId: newLevel, manualLevelId: levelId, reason },
    });
    return this.dto(w.tx, ctx, { ...next, level_id: newLevel });
  }

  /**
   * Adds to a member's lifetime totals after a payment or top-up and re-evaluates the level
   * (RULES R5: checked after every payment, effective from the next order). Called by flows.
   */
  async recordActivity(w: WriteScope, memberId: string, delta: { spendFen?: number; points?: number; topupFen?: number }) {
    const row = await repo.findMember(w.tx, w.actor.merchantId, memberId);
    if (!row) throw new AppError(MembersErrors.MEMBER_NOT_FOUND, { field: 'memberId' });
    const next = {
      ...row,
      lifetime_spend_fen: row.lifetime_spend_fen + (delta.spendFen ?? 0),
      lifetime_points: row.lifetime_points + (delta.points ?? 0),
      lifetime_topup_fen: row.lifetime_topup_fen + (delta.topupFen ?? 0),
      last_visit_at: w.now.toISOString(),
    };
    const levelId = await this.reevaluate(w, next);
    await repo.updateMember(w.tx, w.actor.merchantId, memberId, {
      lifetime_spend_fen: next.lifetime_spend_fen,
      lifetime_points: next.lifetime_points,
      lifetime_topup_fen: next.lifetime_topup_fen,
      last_visit_at: next.last_visit_at,
      level_id: levelId,
      updated_at: w.now.toISOString(),
    });
    if (levelId !== row.level_id) {
      await w.audit({ action: 'member.level_change', entityType: 'member', entityId: memberId, before: { levelId: row.level_id }, after: { levelId } });
    }
    return { previousLevelId: row.level_id, levelId };
  }

  // ---- personal data (PIPL) ------------------------------------------------------------------

  async personalData(ctx: AccessContext, id: string) {
    const row = await this.member(this.db, ctx, id);
    const [tags, cards] = await Promise.all([repo.tagsOf(this.db, ctx.merchantId, [id]), repo.cardsOfMember(this.db, ctx.merchantId, id)]);
    return {
      exportedAt: this.clock.now().toISOString(),
      profile: {
        name: row.name,
        phone: row.phone,
        gender: row.gender,
        birthday: row.birthday,
        idNumber: row.id_number,
        address: row.address,
        notes: row.notes,
        tags: tags.get(id) ?? [],
        customFields: JSON.parse(row.custom_fields) as Record<string, unknown>,
        channel: row.channel,
        registeredAt: row.created_at,
      },
      cards: cards.map(toCardDto),
    };
  }

  /** Pseudonymises the profile on request; ledger entries, orders and card history stay. */
  async erase(w: WriteScope, ctx: AccessContext, id: string, reason: string) {
    const row = await this.liveMember(w.tx, ctx, id);
    await repo.updateMember(w.tx, ctx.merchantId, id, {
      name: `已注销会员 ${id.slice(-6)}`,
      phone: null,
      phone_last4: null,
      gender: 'unknown',
      birthday: null,
      birth_md: null,
      id_number: null,
      address: '',
      notes: '',
      custom_fields: '{}',
      has_photo: 0,
      status: 'erased',
      updated_at: w.now.toISOString(),
    });
    await repo.replaceTags(w.tx, ctx.merchantId, id, []);
    await repo.deletePhoto(w.tx, ctx.merchantId, id);
    for (const card of await repo.cardsOfMember(w.tx, ctx.merchantId, id)) {
      if (LIVE_CARD_STATUSES.includes(card.status)) {
        await repo.moveCard(w.tx, ctx.merchantId, card.id, card.status, { status: 'cancelled', status_reason: reason, updated_at: w.now.toISOString() });
      }
    }
    await w.audit({ action: 'member.erase', entityType: 'member', entityId: id, before: { phone: maskPhone(row.phone) }, after: { status: 'erased', reason } });
    return { ok: true as const };
  }

  // ---- birthdays & photos --------------------------------------------------------------------

  async birthdays(ctx: AccessContext, days: number, storeId?: string) {
    if (storeId) requireStoreAccess(ctx, storeId);
    const today = this.today();
    const dates = Array.from({ length: days + 1 }, (_, i) => addDays(today, i));
    const byMd = new Map<string, { date: string; daysAway: number }>();
    dates.forEach((date, daysAway) => byMd.has(date.slice(5)) || byMd.set(date.slice(5), { date, daysAway }));
    // 29 Feb birthdays are greeted on 28 Feb in other years
    if (byMd.has('02-28') && !byMd.has('02-29')) byMd.set('02-29', byMd.get('02-28') as { date: string; daysAway: number });
    const scope = storeId ? [storeId] : storeScope(ctx);
    const rows = await repo.birthdaysOn(this.db, ctx.merchantId, [...byMd.keys()], scope);
    const masked = !hasPermission(ctx, 'members.view_phone');
    return rows
      .map((r) => {
        const when = byMd.get(r.birth_md ?? '') as { date: string; daysAway: number };
        return { memberId: r.id, name: r.name, phone: masked ? maskPhone(r.phone) : r.phone, birthday: r.birthday ?? '', nextBirthday: when.date, daysAway: when.daysAway, homeStoreId: r.home_store_id, levelId: r.level_id };
      })
      .sort((a, b) => a.daysAway - b.daysAway || a.name.localeCompare(b.name));
  }

  async setPhoto(w: WriteScope, ctx: AccessContext, id: string, dataUrl: string) {
    await this.liveMember(w.tx, ctx, id);
    const match = /^data:(image\/[a-z]+);base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
    const data = match ? Buffer.from(match[2] ?? '', 'base64') : null;
    if (!match || !data || !PHOTO_TYPES.has(match[1] ?? '') || data.length === 0 || data.length > PHOTO_MAX_BYTES) {
      throw new AppError(MembersErrors.MEMBER_PHOTO_INVALID, { field: 'dataUrl' });
    }
    await repo.putPhoto(w.tx, ctx.merchantId, id, match[1] ?? '', data, w.now.toISOString());
    await repo.updateMember(w.tx, ctx.merchantId, id, { has_photo: 1, updated_at: w.now.toISOString() });
    await w.audit({ action: 'member.photo', entityType: 'member', entityId: id, after: { bytes: data.length } });
    return { ok: true as const };
  }

  async photo(ctx: AccessContext, id: string) {
    await this.member(this.db, ctx, id);
    const photo = await repo.findPhoto(this.db, ctx.merchantId, id);
    if (!photo) throw new AppError('NOT_FOUND', { field: 'id' });
    return { contentType: photo.content_type, data: Buffer.from(photo.data) };
  }

  // ---- cards ---------------------------------------------------------------------------------

  private async newCardNo(exec: Exec, merchantId: string, typed: string | undefined) {
    if (typed !== undefined) {
      if (await repo.findCardByNo(exec, merchantId, typed)) throw new AppError(MembersErrors.CARD_NO_TAKEN, { field: 'cardNo', details: { cardNo: typed } });
      return typed;
    }
    for (;;) {
      const no = generateCardNo();
      if (!(await repo.findCardByNo(exec, merchantId, no))) return no;
    }
  }

  async issueCard(w: WriteScope, ctx: AccessContext, memberId: string, input: { cardTypeId: string; cardNo?: string }) {
    const member = await this.liveMember(w.tx, ctx, memberId, 'memberId');
    const type = await this.cardType(w.tx, ctx.merchantId, input.cardTypeId, 'cardTypeId');
    if ((await repo.liveCardsOf(w.tx, ctx.merchantId, [memberId])).has(memberId)) throw new AppError(MembersErrors.MEMBER_HAS_CARD, { field: 'memberId' });
    const cardNo = await this.newCardNo(w.tx, ctx.merchantId, input.cardNo);
    const at = w.now.toISOString();
    const row: CardRow = {
      merchant_id: ctx.merchantId,
      id: newId(),
      member_id: memberId,
      card_no: cardNo,
      card_type_id: type.id,
      status: 'active',
      issued_at: at,
      expires_at: validUntil(w.now, type.validity_kind, type.validity_days)?.toISOString() ?? null,
      replaced_by_id: null,
      status_reason: '',
      created_at: at,
      updated_at: at,
    };
    await repo.insertCard(w.tx, row);
    // a card type's starting level becomes the member's floor
    if (type.starting_level_id) {
      const floor = await this.higherFloor(w.tx, ctx.merchantId, member.manual_level_id, type.starting_level_id);
      const levelId = await this.reevaluate(w, { ...member, manual_level_id: floor });
      await repo.updateMember(w.tx, ctx.merchantId, memberId, { manual_level_id: floor, level_id: levelId, updated_at: at });
    }
    await w.audit({ action: 'card.issue', entityType: 'card', entityId: row.id, after: { ...toCardDto(row), cardType: type.code } });
    return toCardDto(row);
  }

  private async higherFloor(exec: Exec, merchantId: string, current: string | null, candidate: string) {
    if (!current) return candidate;
    const [a, b] = await Promise.all([repo.findLevel(exec, merchantId, current), repo.findLevel(exec, merchantId, candidate)]);
    return (b?.rank ?? 0) > (a?.rank ?? 0) ? candidate : current;
  }

  /** A card of a member within the viewer's stores. */
  private async card(exec: Exec, ctx: AccessContext, id: string) {
    const card = ID_PATTERN.test(id) ? await repo.findCard(exec, ctx.merchantId, id) : undefined;
    if (!card) throw new AppError(MembersErrors.CARD_NOT_FOUND, { field: 'id' });
    await this.member(exec, ctx, card.member_id).catch(() => {
      throw new AppError(MembersErrors.CARD_NOT_FOUND, { field: 'id' });
    });
    return card;
  }

  private async move(w: WriteScope, card: CardRow, from: CardStatus, patch: Partial<CardRow>) {
    if (card.status !== from || !(await repo.moveCard(w.tx, w.actor.merchantId, card.id, from, { ...patch, updated_at: w.now.toISOString() }))) {
      throw new AppError(MembersErrors.CARD_STATUS_INVALID, { field: 'id', details: { status: card.status } });
    }
  }

  async cardAction(w: WriteScope, ctx: AccessContext, id: string, action: CardAction, reason: string) {
    const card = await this.card(w.tx, ctx, id);
    const { from, to } = CARD_MOVES[action];
    await this.move(w, card, from, { status: to, status_reason: reason });
    const after = { ...card, status: to, status_reason: reason };
    await w.audit({ action: `card.${action}`, entityType: 'card', entityId: id, before: { status: card.status }, after: { status: to, reason, cardNo: card.card_no, memberId: card.member_id } });
    return toCardDto(after);
  }

  /**
   * Replace (换卡) or reissue (补卡): a new number takes over; the member's balances, lots,
   * coupons and history stay with the member, so nothing moves. The old number is dead for ever.
   */
  async replaceCard(w: WriteScope, ctx: AccessContext, id: string, input: { newCardNo?: string; reason: string }) {
    const old = await this.card(w.tx, ctx, id);
    if (!LIVE_CARD_STATUSES.includes(old.status)) throw new AppError(MembersErrors.CARD_STATUS_INVALID, { field: 'id', details: { status: old.status } });
    const cardNo = await this.newCardNo(w.tx, ctx.merchantId, input.newCardNo);
    const at = w.now.toISOString();
    const fresh: CardRow = { ...old, id: newId(), card_no: cardNo, status: 'active', issued_at: at, replaced_by_id: null, status_reason: '', created_at: at, updated_at: at };
    await this.move(w, old, old.status, { status: 'replaced', replaced_by_id: fresh.id, status_reason: input.reason });
    await repo.insertCard(w.tx, fresh);
    await w.audit({ action: 'card.replace', entityType: 'card', entityId: old.id, before: { cardNo: old.card_no, status: old.status }, after: { cardNo: fresh.card_no, newCardId: fresh.id, reason: input.reason, memberId: old.member_id } });
    return toCardDto(fresh);
  }

  async extendCard(w: WriteScope, ctx: AccessContext, id: string, input: { until?: string; reason: string }) {
    const card = await this.card(w.tx, ctx, id);
    if (card.status !== 'active' && card.status !== 'expired') throw new AppError(MembersErrors.CARD_STATUS_INVALID, { field: 'id', details: { status: card.status } });
    const type = await this.cardType(w.tx, ctx.merchantId, card.card_type_id, 'cardTypeId');
    const current = card.expires_at ? new Date(card.expires_at) : null;
    const until = input.until ? new Date(`${input.until}T23:59:59.999Z`) : extendedUntil(current, w.now, type.validity_kind, type.validity_days);
    if (until !== null && until <= w.now) throw new AppError('VALIDATION_FAILED', { field: 'until' });
    // an expired card is revived by extension (RULES R13)
    await this.move(w, card, card.status, { status: 'active', expires_at: until?.toISOString() ?? null, status_reason: input.reason });
    await w.audit({ action: 'card.extend', entityType: 'card', entityId: id, before: { expiresAt: card.expires_at, status: card.status }, after: { expiresAt: until?.toISOString() ?? null, reason: input.reason, cardNo: card.card_no } });
    return toCardDto({ ...card, status: 'active', expires_at: until?.toISOString() ?? null, status_reason: input.reason });
  }

  // ---- for wallet flows ----------------------------------------------------------------------

  /** A live member within the viewer's stores and their current card (null when none), for money flows. */
  async holder(exec: Exec, ctx: AccessContext, memberId: string, field = 'memberId') {
    const member = await this.liveMember(exec, ctx, memberId, field);
    const card = (await repo.liveCardsOf(exec, ctx.merchantId, [memberId])).get(memberId) ?? null;
    // the phone is for notices the flow sends itself; it is never returned to a client from here
    return { member: { id: member.id, name: member.name, phone: member.phone, homeStoreId: member.home_store_id, levelId: member.level_id }, card: card && toCardDto(card) };
  }

  /**
   * Members named by phone or card number in bulk, for imports that refer to existing members
   * (积分导入). Any card status counts (a card number is never reused). Not scoped: the caller
   * tells "outside your stores" and "erased" apart from "unknown".
   */
  async findByPhonesAndCards(exec: Exec, merchantId: string, phones: readonly string[], cardNos: readonly string[]) {
    const ref = (r: { id: string; home_store_id: string; status: MemberRow['status'] }) => ({ id: r.id, homeStoreId: r.home_store_id, status: r.status });
    const [byPhone, byCard] = await Promise.all([bulk.membersByPhones(exec, merchantId, phones), bulk.membersByCardNos(exec, merchantId, cardNos)]);
    return {
      byPhone: new Map(byPhone.map((r) => [r.phone, ref(r)])),
      byCardNo: new Map(byCard.map((r) => [r.card_no, ref(r)])),
    };
  }

  /** Live cards with an annual fee (RULES R13), for the annual fee job. */
  annualFeeCards(exec: Exec) {
    return repo.annualFeeCards(exec);
  }

  /** A level's price and points terms, for pricing an order (RULES R2, R4). */
  async levelTerms(exec: Exec, merchantId: string, levelId: string) {
    const row = await this.level(exec, merchantId, levelId, 'memberId');
    return { id: row.id, name: row.name, discountBp: row.discount_bp, pointsMultiplierBp: row.points_multiplier_bp };
  }

  /** Refuses a card that cannot pay or receive value now: lost, frozen or expired (RULES R13). */
  assertCardUsable(card: { status: CardStatus; expiresAt: string | null }, now: Date, field = 'memberId', options: { expiredOk?: boolean } = {}) {
    const block = cardBlock(card.status, card.expiresAt, now);
    if (block && !(options.expiredOk && block === 'CARD_EXPIRED')) throw new AppError(block, { field });
  }

  /** A top-up revives an expired card (RULES R13): one more validity period from today. */
  async reviveCard(w: WriteScope, cardId: string) {
    const card = await repo.findCard(w.tx, w.actor.merchantId, cardId);
    if (!card || cardBlock(card.status, card.expires_at, w.now) !== 'CARD_EXPIRED') return;
    const type = await this.cardType(w.tx, w.actor.merchantId, card.card_type_id, 'cardTypeId');
    const until = extendedUntil(null, w.now, type.validity_kind, type.validity_days)?.toISOString() ?? null;
    await this.move(w, card, card.status, { status: 'active', expires_at: until, status_reason: 'revived by top-up' });
    await w.audit({ action: 'card.revive', entityType: 'card', entityId: card.id, before: { status: card.status, expiresAt: card.expires_at }, after: { status: 'active', expiresAt: until } });
  }

  /** 退卡: the current card ends for good; the money side is the flow's. */
  async cancelCard(w: WriteScope, cardId: string, reason: string) {
    const card = await repo.findCard(w.tx, w.actor.merchantId, cardId);
    if (!card || !LIVE_CARD_STATUSES.includes(card.status)) throw new AppError(MembersErrors.CARD_STATUS_INVALID, { field: 'id', details: { status: card?.status ?? 'none' } });
    await this.move(w, card, card.status, { status: 'cancelled', status_reason: reason });
    await w.audit({ action: 'card.cancel', entityType: 'card', entityId: card.id, before: { status: card.status }, after: { status: 'cancelled', reason, cardNo: card.card_no, memberId: card.member_id } });
  }

  async cardsOfMember(ctx: AccessContext, memberId: string) {
    await this.member(this.db, ctx, memberId, 'memberId');
    return (await repo.cardsOfMember(this.db, ctx.merchantId, memberId)).map(toCardDto);
  }

  /** Scheduled: marks active cards past their expiry as expired. Returns how many. */
  async expireDueCards(db: Exec, now: Date) {
    let total = 0;
    for (;;) {
      const due = await repo.dueForExpiry(db, now.toISOString(), 500);
      if (due.length === 0) return total;
      for (const card of due) {
        if (await repo.moveCard(db, card.merchant_id, card.id, 'active', { status: 'expired', status_reason: 'validity ended', updated_at: now.toISOString() })) total++;
      }
    }
  }
}

/** The audit log keeps personal numbers masked, whoever made the change. */
function auditView(dto: MemberDto) {
  return { ...dto, phone: maskPhone(dto.phone), idNumber: maskIdNumber(dto.idNumber) };
}

function rung(level: LevelRow) {
  return { id: level.id, rank: level.rank, upgradeThreshold: level.upgrade_threshold };
}
