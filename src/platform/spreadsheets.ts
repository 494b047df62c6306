import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { AppError, defineErrors } from '../kernel/errors';

/**
 * Reading uploaded spreadsheets (.xlsx and CSV) into rows of text, for every import (members,
 * opening points …). It knows nothing of what the columns mean; callers map headers to fields.
 */

export const SpreadsheetErrors = defineErrors({
  SPREADSHEET_INVALID: {
    status: 400,
    message: { 'zh-CN': '无法读取文件：{reason}', 'en-US': 'The file cannot be read: {reason}' },
  },
  SPREADSHEET_TOO_LARGE: {
    status: 413,
    message: { 'zh-CN': '文件过大：最多 {maxRows} 行', 'en-US': 'The file is too large: at most {maxRows} rows' },
  },
});

export type SpreadsheetFormat = 'xlsx' | 'csv';

/** Data rows a file may have unless the caller sets its own limit. */
export const MAX_SHEET_ROWS = 200_000;
/** Upload size limit for a spreadsheet body (the routes' bodyLimit). */
export const MAX_SHEET_BYTES = 40 * 1024 * 1024;
/** Content types an uploaded spreadsheet may come with; such a body is the file's bytes. */
export const SPREADSHEET_UPLOAD_TYPES = [
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
  'text/csv',
  'application/csv',
  'text/plain',
];
const MAX_COLUMNS = 200;
const MAX_CELL_CHARS = 5_000;

export interface ParsedRow {
  /** the row number a spreadsheet program shows for it (the header is usually row 1) */
  line: number;
  cells: string[];
}

export interface ParsedTable {
  headers: string[];
  /** data rows; rows with no value at all are skipped */
  rows: ParsedRow[];
}

export interface ParseOptions {
  /** more data rows than this is SPREADSHEET_TOO_LARGE (default MAX_SHEET_ROWS) */
  maxRows?: number;
}

function invalid(reason: string): AppError {
  return new AppError(SpreadsheetErrors.SPREADSHEET_INVALID, { field: 'file', details: { reason } });
}

function tooLarge(maxRows: number): AppError {
  return new AppError(SpreadsheetErrors.SPREADSHEET_TOO_LARGE, { field: 'file', details: { maxRows } });
}

/** xlsx by its zip signature, otherwise CSV text; the old binary .xls is refused with a hint. */
export function detectFormat(data: Buffer): SpreadsheetFormat {
  if (data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) return 'xlsx';
  if (data.length >= 4 && data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0) {
    throw invalid('.xls (Excel 97–2003) is not supported; save it as .xlsx or .csv');
  }
  return 'csv';
}

export async function parseFile(data: Buffer, format: SpreadsheetFormat, options: ParseOptions = {}): Promise<ParsedTable> {
  if (data.length === 0) throw invalid('empty file');
  return format === 'xlsx' ? parseXlsx(data, options) : parseCsv(data, options);
}

/** UTF-8 (with or without BOM); text that is not valid UTF-8 is read as GB18030 (a superset of GBK). */
export function decodeText(data: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    try {
      text = new TextDecoder('gb18030').decode(data);
    } catch {
      throw invalid('the text is neither UTF-8 nor GBK');
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/** Removes the ' that exports put before text starting with = + - @ (formula neutralisation). */
function unguard(value: string): string {
  return value.length > 1 && value[0] === "'" && /^[=+\-@]/.test(value.slice(1)) ? value.slice(1) : value;
}

function finish(headers: string[] | null, rows: ParsedRow[]): ParsedTable {
  if (!headers) throw invalid('no header row');
  let width = headers.length;
  while (width > 0 && (headers[width - 1] ?? '').trim() === '') width--;
  if (width === 0) throw invalid('no header row');
  if (width > MAX_COLUMNS) throw invalid(`more than ${MAX_COLUMNS} columns`);
  return { headers: headers.slice(0, width).map((h) => h.trim()), rows };
}

/** RFC 4180: comma separated (tab or semicolon when the header has neither comma), "" escapes, line breaks inside quotes. */
export function parseCsv(data: Buffer, options: ParseOptions = {}): ParsedTable {
  const maxRows = options.maxRows ?? MAX_SHEET_ROWS;
  const text = decodeText(data);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = firstLine.includes(',') ? ',' : firstLine.includes('\t') ? '\t' : firstLine.includes(';') ? ';' : ',';
  let headers: string[] | null = null;
  const rows: ParsedRow[] = [];
  let record = 0;
  let cells: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  const endRecord = () => {
    cells.push(unguard(field));
    field = '';
    record++;
    if (!isBlank(cells)) {
      if (headers === null) headers = cells;
      else {
        if (rows.length >= maxRows) throw tooLarge(maxRows);
        rows.push({ line: record, cells });
      }
    }
    cells = [];
  };
  while (i < n) {
    const ch = text[i];
    if (ch === '"' && field === '') {
      // quoted field
      i++;
      let start = i;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) throw invalid(`unterminated quote in row ${record + 1}`);
        if (text[q + 1] === '"') {
          field += text.slice(start, q + 1);
          i = q + 2;
          start = i;
          continue;
        }
        field += text.slice(start, q);
        i = q + 1;
        break;
      }
      if (field.length > MAX_CELL_CHARS) field = field.slice(0, MAX_CELL_CHARS);
      continue;
    }
    if (ch === sep) {
      cells.push(unguard(field));
      field = '';
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    // unquoted run up to the next separator, quote or line end
    let j = i;
    while (j < n) {
      const c = text[j];
      if (c === sep || c === '\r' || c === '\n') break;
      j++;
    }
    field += text.slice(i, j);
    if (field.length > MAX_CELL_CHARS) field = field.slice(0, MAX_CELL_CHARS);
    i = j;
  }
  if (field !== '' || cells.length > 0) endRecord();
  return finish(headers, rows);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A cell value from exceljs as text; dates become YYYY-MM-DD (Excel dates carry no zone: read as UTC). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.length > MAX_CELL_CHARS ? value.slice(0, MAX_CELL_CHARS) : value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const d = new Date(Math.round(value.getTime() / 1000) * 1000);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  }
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

/** Decodes UTF-8 across chunk boundaries (a character split between two chunks stays whole). */
async function* utf8Text(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * exceljs 4.4's streaming reader decodes each inflated 16 KB chunk on its own, so a Chinese
 * character split across two chunks turns into '��' (exceljs issues #2084, #2316; fix not
 * released). This reader hands it text decoded across chunk boundaries instead.
 */
class Utf8SafeWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  _parseSharedStrings(entry: NodeJS.ReadableStream): unknown {
    entry.setEncoding('utf8');
    return (ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as { _parseSharedStrings(e: unknown): unknown })._parseSharedStrings.call(this, entry);
  }
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): unknown {
    return (ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as { _parseWorksheet(i: unknown, n: string): unknown })._parseWorksheet.call(this, utf8Text(iterator), sheetNo);
  }
}

/** The first worksheet, read as a stream (a 100,000-row sheet never sits in memory as a workbook). */
export async function parseXlsx(data: Buffer, options: ParseOptions = {}): Promise<ParsedTable> {
  const maxRows = options.maxRows ?? MAX_SHEET_ROWS;
  let headers: string[] | null = null;
  const rows: ParsedRow[] = [];
  try {
    const reader = new Utf8SafeWorkbookReader(Readable.from([data]), {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      worksheets: 'emit',
      entries: 'emit',
    });
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        const width = Math.min(values.length - 1, MAX_COLUMNS + 1);
        const cells: string[] = new Array<string>(Math.max(width, 0));
        for (let c = 1; c <= width; c++) cells[c - 1] = cellText(values[c]);
        if (width <= 0 || isBlank(cells)) continue;
        if (headers === null) {
          headers = cells;
          continue;
        }
        if (rows.length >= maxRows) throw tooLarge(maxRows);
        rows.push({ line: row.number, cells });
      }
      break; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw invalid(e instanceof Error ? e.message.slice(0, 200) : 'not a valid .xlsx file');
  }
  return finish(headers, rows);
}

/** A header as compared with known spellings: width, case, spaces and punctuation do not count ("Card No." = "cardno", "手机号：" = "手机号"). */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.:：()（）*＊]/g, '');
}

/** Column index per field by the spellings each field accepts; the first matching column wins, a field no header matches is null. */
export function matchColumns<F extends string>(headers: readonly string[], aliases: Readonly<Record<F, readonly string[]>>): Record<F, number | null> {
  const lookup = new Map<string, F>();
  for (const field of Object.keys(aliases) as F[]) for (const alias of aliases[field]) lookup.set(normaliseHeader(alias), field);
  const out = Object.fromEntries(Object.keys(aliases).map((f) => [f, null])) as Record<F, number | null>;
  headers.forEach((header, index) => {
    const field = lookup.get(normaliseHeader(header));
    if (field !== undefined && out[field] === null) out[field] = index;
  });
  return out;
}
