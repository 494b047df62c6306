import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import { AppError } from '../../kernel/errors';
import { newId } from '../../kernel/ids';
import type { WriteScope } from '../../platform/write';
import { checkCustomValues, type CustomValues, type FieldDefinition } from '../../kernel/custom-values';
import { FieldsErrors } from './fields.errors';
import type { FieldInput, FieldPatch } from './fields.schemas';
import type { CustomFieldsTable, FieldEntity } from './fields.tables';

type Exec = Kysely<Database>;
type FieldRow = Selectable<CustomFieldsTable>;

function toDto(row: FieldRow) {
  return {
    id: row.id,
    entity: row.entity,
    key: row.key,
    label: row.label,
    type: row.type,
    options: JSON.parse(row.options) as string[],
    required: row.required === 1,
    sort: row.sort,
    status: row.status,
  };
}

/** Merchant-defined fields on members, staff and products: definitions and value checks. */
export class FieldsService {
  constructor(private readonly db: Exec) {}

  private rows(exec: Exec, merchantId: string, entity?: FieldEntity) {
    return exec
      .selectFrom('custom_fields')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .$if(!!entity, (q) => q.where('entity', '=', entity as FieldEntity))
      .orderBy('entity')
      .orderBy('sort')
      .orderBy('key')
      .execute();
  }

  async list(merchantId: string, entity?: FieldEntity) {
    return (await this.rows(this.db, merchantId, entity)).map(toDto);
  }

  async create(w: WriteScope, input: FieldInput) {
    const merchantId = w.actor.merchantId;
    const taken = await w.tx.selectFrom('custom_fields').select('id').where('merchant_id', '=', merchantId).where('entity', '=', input.entity).where('key', '=', input.key).executeTakeFirst();
    if (taken) throw new AppError(FieldsErrors.FIELD_KEY_TAKEN, { field: 'key', details: { key: input.key } });
    const options = [...new Set(input.options)];
    if ((input.type === 'single' || input.type === 'multi') && options.length === 0) throw new AppError(FieldsErrors.FIELD_OPTIONS_REQUIRED, { field: 'options' });
    const at = w.now.toISOString();
    const row: FieldRow = {
      merchant_id: merchantId,
      id: newId(),
      entity: input.entity,
      key: input.key,
      label: input.label,
      type: input.type,
      options: JSON.stringify(input.type === 'single' || input.type === 'multi' ? options : []),
      required: input.required ? 1 : 0,
      sort: input.sort,
      status: 'active',
      created_at: at,
      updated_at: at,
    };
    await w.tx.insertInto('custom_fields').values(row).execute();
    await w.audit({ action: 'custom_field.create', entityType: 'custom_field', entityId: row.id, after: toDto(row) });
    return toDto(row);
  }

  async update(w: WriteScope, id: string, patch: FieldPatch) {
    const before = await w.tx.selectFrom('custom_fields').selectAll().where('merchant_id', '=', w.actor.merchantId).where('id', '=', id).executeTakeFirst();
    if (!before) throw new AppError(FieldsErrors.FIELD_NOT_FOUND, { field: 'id' });
    const choice = before.type === 'single' || before.type === 'multi';
    if (patch.options !== undefined && choice && patch.options.length === 0) throw new AppError(FieldsErrors.FIELD_OPTIONS_REQUIRED, { field: 'options' });
    const changes: Partial<FieldRow> = { updated_at: w.now.toISOString() };
    if (patch.label !== undefined) changes.label = patch.label;
    if (patch.options !== undefined && choice) changes.options = JSON.stringify([...new Set(patch.options)]);
    if (patch.required !== undefined) changes.required = patch.required ? 1 : 0;
    if (patch.sort !== undefined) changes.sort = patch.sort;
    if (patch.status !== undefined) changes.status = patch.status;
    await w.tx.updateTable('custom_fields').set(changes).where('merchant_id', '=', w.actor.merchantId).where('id', '=', id).execute();
    const after = toDto({ ...before, ...changes });
    await w.audit({ action: 'custom_field.update', entityType: 'custom_field', entityId: id, before: toDto(before), after });
    return after;
  }

  /**
   * Checks values for an entity against the merchant's active definitions; throws
   * FIELD_VALUE_INVALID naming `customFields.<key>`. Archived fields keep their stored values.
   */
  /** Active definitions of an entity's custom fields. */
  async definitions(exec: Exec, merchantId: string, entity: FieldEntity): Promise<FieldDefinition[]> {
    return (await this.rows(exec, merchantId, entity))
      .filter((r) => r.status === 'active')
      .map((r) => ({ key: r.key, label: r.label, type: r.type, options: JSON.parse(r.options) as string[], required: r.required === 1 }));
  }

  async validate(exec: Exec, merchantId: string, entity: FieldEntity, input: Record<string, unknown>): Promise<CustomValues> {
    const defs = await this.definitions(exec, merchantId, entity);
    const { values, problem } = checkCustomValues(defs, input);
    if (problem) {
      const label = defs.find((d) => d.key === problem.key)?.label ?? problem.key;
      throw new AppError(FieldsErrors.FIELD_VALUE_INVALID, { field: `customFields.${problem.key}`, details: { key: problem.key, label, rule: problem.rule } });
    }
    return values;
  }
}
