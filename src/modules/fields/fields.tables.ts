/** Entities that carry merchant-defined custom fields (扩展字段). */
export type FieldEntity = 'member' | 'staff' | 'product';
export type { FieldType } from '../../kernel/custom-values';
import type { FieldType } from '../../kernel/custom-values';

export interface CustomFieldsTable {
  merchant_id: string;
  id: string;
  entity: FieldEntity;
  /** stable key the values are stored under */
  key: string;
  label: string;
  type: FieldType;
  /** JSON string[] for single/multi choice */
  options: string;
  required: number;
  sort: number;
  status: 'active' | 'archived';
  created_at: string;
  updated_at: string;
}

export interface FieldsTables {
  custom_fields: CustomFieldsTable;
}
