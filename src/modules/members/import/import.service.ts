import type { Readable } from 'node:stream';
import { SqliteAdapter, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { planForGrowingTables } from '../../../db/sql-helpers';
import { localDateTime, type Clock } from '../../../kernel/clock';
import { AppError } from '../../../kernel/errors';
import { type Lang } from '../../../kernel/i18n';
import { ID_PATTERN, newId } from '../../../kernel/ids';
import { canAccessStore, hasPermission, storeScope } from '../../../platform/access';
import type { AccessContext } from '../../../platform/context';
import type { Writer } from '../../../platform/write';
import { maskIdNumber, maskPhone } from '../../../kernel/masking';
import { generateCardNo, validUntil } from '../card-rules';
import { qualifyingLevel } from '../level-rules';
import type { CustomFieldCheck } from '../members.ports';
import { membersBulkRepository as bulk, membersRepository as repo, type CardRow, type CardTypeRow, type LevelRow, type MemberRow } from '../members.repository';
import { checkCustomValues } from '../../../kernel/custom-values';
import { customCells, IMPORT_FIELDS, REQUIRED_FIELDS, suggestMapping, TEMPLATE_HEADERS, type ImportMapping } from './import-fields';
import { detectFormat, MAX_IMPORT_BYTES, parseFile, type ParsedTable } from './import-parse';
import { buildTemplate, CONTENT_TYPES, SheetStream, type SheetFormat } from './import-sheets';
import { cleanRow, RowErrorWriter, type CleanRow, type RowError } from './import-validate';
import { ImportErrors } from './import.errors';
import { importRepository as imports, type ImportSummary } from './import.repository';
import type { ExportQuery, ImportStatusDto, ValidateInput } from './import.schemas';
import type { MemberImportStatus } from './import.tables';

type Exec = Kysely<Database>;

/** Store facts the import needs (codes ↔ ids), provided by the organisation module at wiring. */
export interface ImportStoreDirectory {
  storeBriefs(exec: Exec, merchantId: string, ids: string[] | null): Promise<{ id: string; code: string; name: string }[]>;
}

/** Rows checked (and imported) per step; progress is reported after each step. */
const CHUNK = 2_000;
const STATUS_ERRORS = 200;
const PREVIEW_ROWS = 5;
const EXPORT_PAGE = 5_000;
/** Parsed files kept in memory between upload, validation and import (re-read from the stored file when absent). */
const CACHE_ENTRIES = 2;
const CACHE_MS = 15 * 60_000;
/**
 * A validation or import that has not reported for this long died with its server (the work
 * itself reports at least every 2,000 rows); it is shown as failed and may be run again.
 * The import transaction leaves nothing behind when it dies.
 */
const STALE_MS = 10 * 60_000;

interface ReadyRow extends CleanRow {
  storeId: string;
  /** JSON of the row's custom field values */
  customFields: string;
  level: LevelRow | null;
  cardType: CardTypeRow | null;
}

interface CheckResult {
  out: RowErrorWriter;
  ready: ReadyRow[];
  levels: LevelRow[];
}

/** Thrown inside the import transaction to roll it back when all-or-nothing finds errors at import time. */
class RefusedForErrors extends Error {
  constructor(readonly result: CheckResult) {
    super('import refused: rows have errors');
  }
}

const GENDER_TEXT = { male: '男', female: '女', unknown: '' } as const;

/** Custom values as cells: multi-choice joined with commas (the import splits them again). */
function customText(defs: readonly { key: string }[], values: Record<string, unknown>): string[] {
  return defs.map((d) => {
    const v = values[d.key];
    return Array.isArray(v) ? v.join(',') : v === undefined || v === null ? '' : String(v);
  });
}

function rung(level: LevelRow) {
  return { id: level.id, rank: level.rank, upgradeThreshold: level.upgrade_threshold };
}

function sortErrors(errors: RowError[]): RowError[] {
  return errors.sort((a, b) => a.row - b.row || IMPORT_FIELDS.indexOf(a.field as never) - IMPORT_FIELDS.indexOf(b.field as never));
}

/**
 * Bulk member import (RULES R14: the whole file is validated first and errors are reported per
 * row; by default nothing is imported while any row fails) and export of the filtered list.
 * Validation and import run in the background after the request returns; the UI polls status.
 */
export class MemberImportService {
  private readonly cache = new Map<string, { table: ParsedTable; at: number }>();
  /** progress of imports running on this server, by import id (see commit for why not in the row) */
  private readonly liveProgress = new Map<string, number>();
  private readonly jobs = new Set<Promise<void>>();
  private readonly runningIds = new Set<string>();
  private readonly sqlite: boolean;

  constructor(
    private readonly db: Exec,
    private readonly writer: Writer,
    private readonly stores: ImportStoreDirectory,
    private readonly fields: CustomFieldCheck,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {
    this.sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  }

  /** Resolves when no validation or import runs in the background (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.jobs.size > 0) await Promise.allSettled([...this.jobs]);
  }

  // ---- upload ----------------------------------------------------------------------------------

  async upload(ctx: AccessContext, fileName: string, data: Buffer, lang: Lang) {
    if (data.length > MAX_IMPORT_BYTES) throw new AppError(ImportErrors.IMPORT_TOO_LARGE, { field: 'file', details: { maxRows: 200_000 } });
    const format = detectFormat(data);
    const table = await parseFile(data, format);
    const now = this.clock.now().toISOString();
    const id = newId();
    await imports.insert(this.db, {
      merchant_id: ctx.merchantId,
      id,
      status: 'uploaded',
      file_name: fileName,
      file_format: format,
      file_data: data,
      mapping: null,
      mode: 'all_or_nothing',
      default_store_id: null,
      lang,
      total_rows: table.rows.length,
      progress_done: 0,
      error_rows: 0,
      imported_rows: 0,
      errors: '[]',
      failure_code: null,
      created_by: ctx.staffId,
      created_at: now,
      updated_at: now,
      finished_at: null,
    });
    this.remember(id, table);
    return {
      id,
      fileName,
      fileFormat: format,
      headers: table.headers,
      preview: table.rows.slice(0, PREVIEW_ROWS).map((r) => ({ row: r.line, cells: table.headers.map((_, i) => r.cells[i] ?? '') })),
      suggestedMapping: suggestMapping(table.headers, await this.fields.definitions(this.db, ctx.merchantId, 'member')),
      totalRows: table.rows.length,
    };
  }

  private remember(id: string, table: ParsedTable) {
    const now = Date.now();
    for (const [key, entry] of this.cache) if (now - entry.at > CACHE_MS) this.cache.delete(key);
    this.cache.delete(id);
    this.cache.set(id, { table, at: now });
    while (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
  }

  private async table(merchantId: string, id: string): Promise<ParsedTable> {
    const hit = this.cache.get(id);
    if (hit) return hit.table;
    const file = await imports.findFile(this.db, merchantId, id);
    if (!file) throw new AppError(ImportErrors.IMPORT_NOT_FOUND, { field: 'id' });
    const table = await parseFile(file.data, file.format);
    this.remember(id, table);
    return table;
  }

  /** An import of this merchant that this staff member started (administrators see all). */
  private async summary(ctx: AccessContext, id: string): Promise<ImportSummary> {
    const row = ID_PATTERN.test(id) ? await imports.findSummary(this.db, ctx.merchantId, id) : undefined;
    if (!row || (row.created_by !== ctx.staffId && !ctx.isAdmin)) throw new AppError(ImportErrors.IMPORT_NOT_FOUND, { field: 'id' });
    const running = row.status === 'validating' || row.status === 'importing';
    if (running && !this.runningIds.has(id) && this.clock.now().getTime() - new Date(row.updated_at).getTime() > STALE_MS) {
      const patch = { status: 'failed' as const, failure_code: ImportErrors.IMPORT_INTERRUPTED, updated_at: this.clock.now().toISOString() };
      if (await imports.move(this.db, ctx.merchantId, id, [row.status], patch)) return { ...row, ...patch };
    }
    return row;
  }

  private toDto(row: ImportSummary): ImportStatusDto {
    const errors = JSON.parse(row.errors) as RowError[];
    const live = this.liveProgress.get(row.id);
    return {
      id: row.id,
      status: row.status,
      fileName: row.file_name,
      fileFormat: row.file_format,
      mode: row.mode,
      mapping: row.mapping ? (JSON.parse(row.mapping) as ImportMapping) : null,
      defaultStoreId: row.default_store_id,
      totalRows: row.total_rows,
      progress: { done: Math.max(row.progress_done, live ?? 0), total: row.total_rows },
      errorRows: row.error_rows,
      importedRows: row.imported_rows,
      errors: errors.slice(0, STATUS_ERRORS),
      errorCount: errors.length,
      failureCode: row.failure_code,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      finishedAt: row.finished_at,
    };
  }

  async status(ctx: AccessContext, id: string): Promise<ImportStatusDto> {
    return this.toDto(await this.summary(ctx, id));
  }

  private stateError(status: MemberImportStatus) {
    return new AppError(ImportErrors.IMPORT_STATE_INVALID, { field: 'id', details: { status } });
  }

  /** Runs a job after the response has gone; a crash marks the import failed instead of going unseen. */
  private spawn(merchantId: string, id: string, job: () => Promise<void>) {
    this.runningIds.add(id);
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(job)
      .catch(async (err: unknown) => {
        if (!(err instanceof AppError)) console.error(`member import ${id} failed:`, err);
        const code = err instanceof AppError ? err.code : 'INTERNAL_ERROR';
        const at = this.clock.now().toISOString();
        await imports.update(this.db, merchantId, id, { status: 'failed', failure_code: code, updated_at: at, finished_at: at }).catch(() => undefined);
      })
      .finally(() => {
        this.runningIds.delete(id);
        this.liveProgress.delete(id);
        this.jobs.delete(run);
      });
    this.jobs.add(run);
  }

  // ---- validation ------------------------------------------------------------------------------

  async startValidation(ctx: AccessContext, id: string, input: ValidateInput, lang: Lang): Promise<ImportStatusDto> {
    const row = await this.summary(ctx, id);
    const mapping = input.mapping;
    for (const field of REQUIRED_FIELDS) {
      if (mapping[field] === null || mapping[field] === undefined) {
        throw new AppError(ImportErrors.IMPORT_MAPPING_INVALID, { field: `mapping.${field}`, details: { reason: `${TEMPLATE_HEADERS[field]} (${field})` } });
      }
    }
    const defs = await this.fields.definitions(this.db, ctx.merchantId, 'member');
    const unknownKey = Object.keys(mapping.custom ?? {}).find((key) => !defs.some((d) => d.key === key));
    if (unknownKey) throw new AppError(ImportErrors.IMPORT_MAPPING_INVALID, { field: `mapping.custom.${unknownKey}`, details: { reason: unknownKey } });
    const used = [...IMPORT_FIELDS.map((f) => mapping[f]), ...Object.values(mapping.custom ?? {})].filter((i): i is number => i !== null && i !== undefined);
    if (new Set(used).size !== used.length) throw new AppError(ImportErrors.IMPORT_MAPPING_INVALID, { field: 'mapping', details: { reason: 'one column for two fields' } });
    if (input.defaultStoreId) {
      const known = await this.stores.storeBriefs(this.db, ctx.merchantId, [input.defaultStoreId]);
      if (known.length === 0) throw new AppError('NOT_FOUND', { field: 'defaultStoreId' });
      if (!canAccessStore(ctx, input.defaultStoreId)) throw new AppError('AUTH_STORE_FORBIDDEN', { field: 'defaultStoreId' });
    }
    const at = this.clock.now().toISOString();
    const moved = await imports.move(this.db, ctx.merchantId, id, ['uploaded', 'validated', 'failed'], {
      status: 'validating',
      mapping: JSON.stringify(mapping),
      mode: input.mode,
      default_store_id: input.defaultStoreId,
      lang,
      progress_done: 0,
      error_rows: 0,
      errors: '[]',
      failure_code: null,
      updated_at: at,
      finished_at: null,
    });
    if (!moved) throw this.stateError(row.status);
    this.spawn(ctx.merchantId, id, () => this.validate(ctx, id));
    return this.status(ctx, id);
  }

  private async validate(ctx: AccessContext, id: string) {
    const row = await this.summary(ctx, id);
    const table = await this.table(ctx.merchantId, id);
    const result = await this.check(this.db, ctx, row, table, async (done) => {
      this.liveProgress.set(id, done);
      // outside any transaction: a small statement of its own, so other servers see progress too
      await imports.setProgress(this.db, ctx.merchantId, id, done, this.clock.now().toISOString());
    });
    const errors = sortErrors(result.out.errors);
    const at = this.clock.now().toISOString();
    await imports.update(this.db, ctx.merchantId, id, {
      status: 'validated',
      progress_done: table.rows.length,
      total_rows: table.rows.length,
      error_rows: result.out.errorRows,
      errors: JSON.stringify(errors),
      updated_at: at,
      finished_at: at,
    });
  }

  /**
   * Every row against the API's rules, the merchant's codes, the staff member's stores, the
   * other rows of the file and the members and card numbers already in the database.
   */
  private async check(exec: Exec, ctx: AccessContext, imp: ImportSummary, table: ParsedTable, onProgress: (done: number) => void | Promise<void>): Promise<CheckResult> {
    const merchantId = ctx.merchantId;
    const mapping = JSON.parse(imp.mapping ?? '{}') as ImportMapping;
    const out = new RowErrorWriter(imp.lang === 'en-US' ? 'en-US' : 'zh-CN');
    const today = localDateTime(this.clock.now(), this.timeZone).date;
    const [stores, levels, cardTypes] = await Promise.all([this.stores.storeBriefs(exec, merchantId, null), repo.listLevels(exec, merchantId), repo.listCardTypes(exec, merchantId)]);
    const storeByCode = new Map(stores.map((s) => [s.code, s.id]));
    const levelByCode = new Map(levels.map((l) => [l.code, l]));
    const typeByCode = new Map(cardTypes.map((t) => [t.code, t]));
    const customDefs = await this.fields.definitions(exec, merchantId, 'member');
    const seenPhones = new Map<string, number>();
    const seenCards = new Map<string, number>();
    const ready: ReadyRow[] = [];
    const rows = table.rows;
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      const cleaned = chunk.map((r) => cleanRow(r, mapping, today, out));
      const [takenPhones, takenCards] = await Promise.all([
        bulk.takenPhones(exec, merchantId, cleaned.map((c) => c.phone).filter((p) => p !== '')),
        bulk.takenCardNos(exec, merchantId, cleaned.map((c) => c.cardNo).filter((n) => n !== '')),
      ]);
      for (const [i, c] of cleaned.entries()) {
        const line = c.line;
        if (c.phone) {
          const first = seenPhones.get(c.phone);
          if (first !== undefined) out.add(line, 'phone', ImportErrors.IMPORT_DUPLICATE_IN_FILE, { firstRow: first, value: c.phone });
          else {
            seenPhones.set(c.phone, line);
            if (takenPhones.has(c.phone)) out.add(line, 'phone', 'MEMBER_PHONE_TAKEN', { phone: c.phone });
          }
        }
        if (c.cardNo) {
          const first = seenCards.get(c.cardNo);
          if (first !== undefined) out.add(line, 'cardNo', ImportErrors.IMPORT_DUPLICATE_IN_FILE, { firstRow: first, value: c.cardNo });
          else {
            seenCards.set(c.cardNo, line);
            if (takenCards.has(c.cardNo)) out.add(line, 'cardNo', 'CARD_NO_TAKEN', { cardNo: c.cardNo });
          }
        }
        let storeId: string | null;
        if (c.storeCode === '') {
          storeId = imp.default_store_id;
          if (!storeId) out.add(line, 'storeCode', 'MEMBER_STORE_REQUIRED');
        } else {
          storeId = storeByCode.get(c.storeCode) ?? null;
          if (!storeId) out.add(line, 'storeCode', ImportErrors.IMPORT_STORE_UNKNOWN, { code: c.storeCode });
          else if (!canAccessStore(ctx, storeId)) out.add(line, 'storeCode', 'AUTH_STORE_FORBIDDEN');
        }
        const level = c.levelCode === '' ? null : (levelByCode.get(c.levelCode) ?? null);
        if (c.levelCode !== '' && !level) out.add(line, 'levelCode', ImportErrors.IMPORT_LEVEL_UNKNOWN, { code: c.levelCode });
        const cardType = c.cardTypeCode === '' ? null : (typeByCode.get(c.cardTypeCode) ?? null);
        if (c.cardTypeCode !== '' && !cardType) out.add(line, 'cardTypeCode', ImportErrors.IMPORT_CARD_TYPE_UNKNOWN, { code: c.cardTypeCode });
        const custom = checkCustomValues(customDefs, customCells(customDefs, mapping, chunk[i]?.cells ?? []));
        if (custom.problem) {
          const label = customDefs.find((d) => d.key === custom.problem?.key)?.label ?? custom.problem.key;
          out.add(line, `customFields.${custom.problem.key}`, 'FIELD_VALUE_INVALID', { key: custom.problem.key, label, rule: custom.problem.rule });
        }
        if (!out.hasErrors(line) && storeId) ready.push({ ...c, storeId, level, cardType, customFields: JSON.stringify(custom.values) });
      }
      await onProgress(Math.min(start + CHUNK, rows.length));
    }
    return { out, ready, levels };
  }

  // ---- import ----------------------------------------------------------------------------------

  async startCommit(ctx: AccessContext, id: string): Promise<ImportStatusDto> {
    const row = await this.summary(ctx, id);
    if (row.status !== 'validated') throw this.stateError(row.status);
    if (row.mode === 'all_or_nothing' && row.error_rows > 0) {
      throw new AppError(ImportErrors.IMPORT_HAS_ERRORS, { field: 'id', details: { errorRows: row.error_rows } });
    }
    const moved = await imports.move(this.db, ctx.merchantId, id, ['validated'], { status: 'importing', progress_done: 0, failure_code: null, updated_at: this.clock.now().toISOString() });
    if (!moved) throw this.stateError(row.status);
    this.spawn(ctx.merchantId, id, () => this.commit(ctx, id));
    return this.status(ctx, id);
  }

  /**
   * The import itself: the whole file is checked again inside ONE transaction (members or card
   * numbers may have been registered since validation) and the rows go in with multi-row
   * INSERTs; a failure anywhere rolls everything back. One audit row records the counts.
   *
   * Progress during this transaction is kept in memory on this server, not in the row: on
   * SQLite there is one connection and the transaction holds it, so a progress UPDATE through
   * any other path would wait for the very transaction it reports on (and an UPDATE inside the
   * transaction is invisible until commit). On PostgreSQL the progress is also written through
   * another pooled connection, so pollers on other servers see it. The final state is written
   * in the import transaction itself, so "completed" and the members appear together.
   */
  private async commit(ctx: AccessContext, id: string) {
    const imp = await this.summary(ctx, id);
    const table = await this.table(ctx.merchantId, id);
    const total = table.rows.length;
    // the row's progress is written beside the transaction and never waited for: the import must not
    // stall waiting for a pooled connection while it holds one (a CI run once hung there for 400 s);
    // one write at a time, and the status guard keeps a late one from touching a finished import
    let writing = false;
    const report = (done: number) => {
      this.liveProgress.set(id, done);
      if (this.sqlite || writing) return;
      writing = true;
      void imports
        .setProgress(this.db, ctx.merchantId, id, done, this.clock.now().toISOString())
        .catch(() => undefined)
        .finally(() => (writing = false));
    };
    try {
      await this.writer.run(ctx, async (w) => {
        await planForGrowingTables(w.tx);
        // the re-check counts as the first half of the progress bar, the inserts as the second
        const result = await this.check(w.tx, ctx, imp, table, (done) => report(Math.floor(done / 2)));
        if (imp.mode === 'all_or_nothing' && result.out.errorRows > 0) throw new RefusedForErrors(result);
        const now = w.now;
        const at = now.toISOString();
        const rungs = result.levels.map(rung);
        const levelById = new Map(result.levels.map((l) => [l.id, l]));
        const baseLevelId = qualifyingLevel(rungs, 0, null);
        await this.fillCardNumbers(w.tx, ctx.merchantId, result.ready);
        const ready = result.ready;
        for (let start = 0; start < ready.length; start += CHUNK) {
          const members: MemberRow[] = [];
          const tags: { merchant_id: string; member_id: string; tag: string }[] = [];
          const cards: CardRow[] = [];
          for (const r of ready.slice(start, start + CHUNK)) {
            const memberId = newId();
            // a level in the file and a card type's starting level are floors (as set by hand / on issue)
            let floor = r.level;
            const starting = r.cardType?.starting_level_id ? levelById.get(r.cardType.starting_level_id) : undefined;
            if (starting && (!floor || starting.rank > floor.rank)) floor = starting;
            const manual = floor && floor.id !== baseLevelId ? floor.id : null;
            members.push({
              merchant_id: ctx.merchantId,
              id: memberId,
              name: r.name,
              phone: r.phone,
              phone_last4: r.phone.slice(-4),
              gender: r.gender,
              birthday: r.birthday,
              birth_md: r.birthday ? r.birthday.slice(5) : null,
              id_number: r.idNumber,
              address: r.address,
              referrer_id: null,
              home_store_id: r.storeId,
              notes: r.notes,
              channel: 'import',
              level_id: qualifyingLevel(rungs, 0, manual),
              manual_level_id: manual,
              lifetime_spend_fen: 0,
              lifetime_points: 0,
              lifetime_topup_fen: 0,
              last_visit_at: null,
              custom_fields: r.customFields,
              has_photo: 0,
              status: 'active',
              created_at: at,
              updated_at: at,
            });
            for (const tag of r.tags) tags.push({ merchant_id: ctx.merchantId, member_id: memberId, tag });
            if (r.cardType) {
              cards.push({
                merchant_id: ctx.merchantId,
                id: newId(),
                member_id: memberId,
                card_no: r.cardNo,
                card_type_id: r.cardType.id,
                status: 'active',
                issued_at: at,
                expires_at: validUntil(now, r.cardType.validity_kind, r.cardType.validity_days)?.toISOString() ?? null,
                replaced_by_id: null,
                status_reason: '',
                created_at: at,
                updated_at: at,
              });
            }
          }
          await bulk.insertMembers(w.tx, members);
          await bulk.insertTags(w.tx, tags);
          await bulk.insertCards(w.tx, cards);
          report(Math.floor(total / 2 + ((start + members.length) / Math.max(ready.length, 1)) * (total - Math.floor(total / 2))));
        }
        const errors = sortErrors(result.out.errors);
        await w.audit({
          action: 'member.import',
          entityType: 'member_import',
          entityId: id,
          after: { fileName: imp.file_name, mode: imp.mode, totalRows: total, importedRows: ready.length, errorRows: result.out.errorRows },
        });
        await imports.update(w.tx, ctx.merchantId, id, {
          status: 'completed',
          progress_done: total,
          imported_rows: ready.length,
          error_rows: result.out.errorRows,
          errors: JSON.stringify(errors),
          updated_at: at,
          finished_at: at,
        });
      });
      this.cache.delete(id);
    } catch (e) {
      if (!(e instanceof RefusedForErrors)) throw e;
      // nothing was imported; the new problems are shown as a fresh validation result
      const at = this.clock.now().toISOString();
      await imports.update(this.db, ctx.merchantId, id, {
        status: 'validated',
        progress_done: total,
        error_rows: e.result.out.errorRows,
        errors: JSON.stringify(sortErrors(e.result.out.errors)),
        failure_code: ImportErrors.IMPORT_HAS_ERRORS,
        updated_at: at,
        finished_at: at,
      });
    }
  }

  /** Numbers for rows that name a card type but no card number: unique in the file and never used before. */
  private async fillCardNumbers(exec: Exec, merchantId: string, rows: ReadyRow[]) {
    const needing = rows.filter((r) => r.cardType && r.cardNo === '');
    if (needing.length === 0) return;
    const used = new Set(rows.map((r) => r.cardNo).filter((n) => n !== ''));
    let pending = needing;
    while (pending.length > 0) {
      for (const r of pending) {
        let no = generateCardNo();
        while (used.has(no)) no = generateCardNo();
        used.add(no);
        r.cardNo = no;
      }
      const taken = await bulk.takenCardNos(exec, merchantId, pending.map((r) => r.cardNo));
      pending = pending.filter((r) => taken.has(r.cardNo));
    }
  }

  // ---- error report, template, export ---------------------------------------------------------

  /** The rows with problems as the file had them, with the row number and an 错误 column. */
  async errorReport(ctx: AccessContext, id: string, format: SheetFormat) {
    const row = await this.summary(ctx, id);
    const errors = JSON.parse(row.errors) as RowError[];
    const byRow = new Map<number, string[]>();
    for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e.message]);
    const table = await this.table(ctx.merchantId, id);
    const sheet = new SheetStream(format, '错误', ['行号', ...table.headers, '错误']);
    const data = await SheetStream.collect(sheet, () => {
      for (const r of table.rows) {
        const messages = byRow.get(r.line);
        if (messages) sheet.addRow([String(r.line), ...table.headers.map((_, i) => r.cells[i] ?? ''), messages.join('；')]);
      }
    });
    const base = row.file_name.replace(/\.(xlsx|csv)$/i, '');
    return { data, contentType: CONTENT_TYPES[format], fileName: `${base}-错误报告.${format}` };
  }

  template() {
    return buildTemplate();
  }

  /**
   * Every member matching the list filters within the caller's stores, with the template's
   * columns, so an export can be imported again. Phones and ID numbers are masked for staff
   * without members.view_phone (such a file cannot be re-imported).
   */
  async exportMembers(ctx: AccessContext, query: ExportQuery): Promise<{ stream: Readable; contentType: string; fileName: string }> {
    const merchantId = ctx.merchantId;
    const masked = !hasPermission(ctx, 'members.view_phone');
    const [stores, levels, cardTypes] = await Promise.all([this.stores.storeBriefs(this.db, merchantId, null), repo.listLevels(this.db, merchantId), repo.listCardTypes(this.db, merchantId)]);
    const storeCode = new Map(stores.map((s) => [s.id, s.code]));
    const levelCode = new Map(levels.map((l) => [l.id, l.code]));
    const typeCode = new Map(cardTypes.map((t) => [t.id, t.code]));
    // custom fields follow the standard columns under their labels, which the import maps back
    const customDefs = await this.fields.definitions(this.db, merchantId, 'member');
    const sheet = new SheetStream(query.format, '会员', [...IMPORT_FIELDS.map((f) => TEMPLATE_HEADERS[f]), ...customDefs.map((d) => d.label)]);
    const today = localDateTime(this.clock.now(), this.timeZone).date;
    const fill = async () => {
      for (let page = 1; ; page++) {
        const { rows } = await repo.listMembers(this.db, merchantId, { ...query, page, pageSize: EXPORT_PAGE, storeIds: storeScope(ctx), today });
        const ids = rows.map((r) => r.id);
        const [tags, cards] = await Promise.all([repo.tagsOf(this.db, merchantId, ids), repo.liveCardsOf(this.db, merchantId, ids)]);
        for (const m of rows) {
          const card = cards.get(m.id);
          sheet.addRow([
            m.name,
            (masked ? maskPhone(m.phone) : m.phone) ?? '',
            GENDER_TEXT[m.gender],
            m.birthday ?? '',
            (masked ? maskIdNumber(m.id_number) : m.id_number) ?? '',
            m.address,
            (tags.get(m.id) ?? []).join(','),
            storeCode.get(m.home_store_id) ?? '',
            m.level_id ? (levelCode.get(m.level_id) ?? '') : '',
            card?.card_no ?? '',
            card ? (typeCode.get(card.card_type_id) ?? '') : '',
            m.notes,
            ...customText(customDefs, JSON.parse(m.custom_fields) as Record<string, unknown>),
          ]);
        }
        if (rows.length < EXPORT_PAGE) break;
      }
      await sheet.end();
    };
    fill().catch((err: unknown) => sheet.stream.destroy(err instanceof Error ? err : new Error(String(err))));
    return { stream: sheet.stream, contentType: CONTENT_TYPES[query.format], fileName: `会员-${today}.${query.format}` };
  }
}
