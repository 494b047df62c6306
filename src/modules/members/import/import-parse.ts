import { AppError } from '../../../kernel/errors';
import * as sheets from '../../../platform/spreadsheets';
import { ImportErrors } from './import.errors';
import type { MemberImportFormat } from './import.tables';

/**
 * The member import reads files with the shared spreadsheet reader (platform/spreadsheets) and
 * reports its problems under its own codes: IMPORT_FILE_INVALID and IMPORT_TOO_LARGE.
 */

export type { ParsedRow, ParsedTable } from '../../../platform/spreadsheets';
export { cellText } from '../../../platform/spreadsheets';

export const MAX_IMPORT_ROWS = sheets.MAX_SHEET_ROWS;
export const MAX_IMPORT_BYTES = sheets.MAX_SHEET_BYTES;

/** The reader's generic errors under the member import's codes (same field and details). */
function asImportError(err: unknown): unknown {
  if (!(err instanceof AppError)) return err;
  if (err.code === sheets.SpreadsheetErrors.SPREADSHEET_INVALID) return new AppError(ImportErrors.IMPORT_FILE_INVALID, { field: err.field, details: err.details });
  if (err.code === sheets.SpreadsheetErrors.SPREADSHEET_TOO_LARGE) return new AppError(ImportErrors.IMPORT_TOO_LARGE, { field: err.field, details: err.details });
  return err;
}

function mapped<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw asImportError(err);
  }
}

async function mappedAsync<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw asImportError(err);
  }
}

/** xlsx by its zip signature, otherwise CSV text; the old binary .xls is refused with a hint. */
export function detectFormat(data: Buffer): MemberImportFormat {
  return mapped(() => sheets.detectFormat(data));
}

export function parseFile(data: Buffer, format: MemberImportFormat): Promise<sheets.ParsedTable> {
  return mappedAsync(() => sheets.parseFile(data, format, { maxRows: MAX_IMPORT_ROWS }));
}

export function decodeText(data: Buffer): string {
  return mapped(() => sheets.decodeText(data));
}

export function parseCsv(data: Buffer): sheets.ParsedTable {
  return mapped(() => sheets.parseCsv(data, { maxRows: MAX_IMPORT_ROWS }));
}

export function parseXlsx(data: Buffer): Promise<sheets.ParsedTable> {
  return mappedAsync(() => sheets.parseXlsx(data, { maxRows: MAX_IMPORT_ROWS }));
}
