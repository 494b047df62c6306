import { z } from 'zod';
import { zId } from '../../../kernel/schemas';
import { memberListQuery } from '../members.schemas';
import { IMPORT_FIELDS, type ImportField } from './import-fields';

const columnIndex = z.number().int().min(0).max(199).nullable();

/** custom field key (扩展字段) → column */
const customColumns = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/), columnIndex);
export const importMapping = z
  .object({ ...(Object.fromEntries(IMPORT_FIELDS.map((f) => [f, columnIndex.optional()])) as Record<ImportField, z.ZodOptional<typeof columnIndex>>), custom: customColumns.optional() })
  .strict();
export const fullMapping = z.object({ ...(Object.fromEntries(IMPORT_FIELDS.map((f) => [f, columnIndex])) as Record<ImportField, typeof columnIndex>), custom: customColumns });

export const importMode = z.enum(['all_or_nothing', 'valid_only']);
export const importStatus = z.enum(['uploaded', 'validating', 'validated', 'importing', 'completed', 'failed']);

export const uploadQuery = z.object({ fileName: z.string().trim().min(1).max(200).default('members') });
export const uploadResult = z.object({
  id: z.string(),
  fileName: z.string(),
  fileFormat: z.enum(['xlsx', 'csv']),
  headers: z.array(z.string()),
  /** the first rows as the file has them, with the row numbers a spreadsheet shows */
  preview: z.array(z.object({ row: z.number().int(), cells: z.array(z.string()) })),
  suggestedMapping: fullMapping,
  totalRows: z.number().int(),
});

export const validateInput = z.object({
  /** target field → 0-based column index of the file (null or absent = not imported) */
  mapping: importMapping,
  mode: importMode.default('all_or_nothing'),
  /** home store of rows without a store code */
  defaultStoreId: zId.nullable().default(null),
});
export type ValidateInput = z.infer<typeof validateInput>;

export const rowError = z.object({ row: z.number().int(), field: z.string(), code: z.string(), message: z.string() });

export const importStatusDto = z.object({
  id: z.string(),
  status: importStatus,
  fileName: z.string(),
  fileFormat: z.enum(['xlsx', 'csv']),
  mode: importMode,
  mapping: importMapping.nullable(),
  defaultStoreId: z.string().nullable(),
  totalRows: z.number().int(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  errorRows: z.number().int(),
  importedRows: z.number().int(),
  /** the first 200 problems; the error report has all of them */
  errors: z.array(rowError),
  errorCount: z.number().int(),
  /** why the last background run stopped (e.g. IMPORT_HAS_ERRORS when new conflicts appeared at import time) */
  failureCode: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportStatusDto = z.infer<typeof importStatusDto>;

export const exportQuery = memberListQuery.omit({ page: true, pageSize: true }).extend({ format: z.enum(['xlsx', 'csv']).default('xlsx') });
export type ExportQuery = z.infer<typeof exportQuery>;
