import { z } from 'zod';
import { pageResult, zId, zPaging } from '../../kernel/schemas';

/** The columns a points file may have (headers in Chinese or English). */
export const POINTS_IMPORT_FIELDS = ['phone', 'cardNo', 'points', 'expiresOn', 'note'] as const;
export type PointsImportField = (typeof POINTS_IMPORT_FIELDS)[number];

/** ?fileName=…&dryRun=true|false on the upload, whose body is the file itself. */
export const pointsImportQuery = z.object({
  fileName: z.string().trim().min(1).max(200).default('points'),
  /** true: check every row and return the summary, write nothing */
  dryRun: z.enum(['true', 'false']).default('false'),
});

/** One problem of one row; `row` is the row number a spreadsheet program shows. Sent in POINTS_IMPORT_INVALID's details.errors. */
export const pointsImportRowError = z.object({
  row: z.number().int(),
  field: z.enum(POINTS_IMPORT_FIELDS),
  code: z.string(),
  /** the problem in the request's language */
  message: z.string(),
});
export type PointsImportRowError = z.infer<typeof pointsImportRowError>;

/** What a file would import (dry run). */
export const pointsImportSummary = z.object({
  totalRows: z.number().int(),
  totalPoints: z.number().int(),
  /** distinct members credited (each member appears once in a valid file) */
  members: z.number().int(),
});

export const pointsImportResult = z.object({ id: zId, totalRows: z.number().int(), totalPoints: z.number().int() });

export const pointsImportListQuery = z.object({ ...zPaging, order: zPaging.order.default('desc') });

export const pointsImportDto = z.object({
  id: zId,
  fileName: z.string(),
  totalRows: z.number().int(),
  totalPoints: z.number().int(),
  /** the ledger transaction that credited the points */
  txnId: zId,
  createdBy: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
});
export type PointsImportDto = z.infer<typeof pointsImportDto>;
export const pointsImportPage = pageResult(pointsImportDto);
