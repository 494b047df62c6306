import { isIsoDate } from '../../../kernel/clock';
import { errorCatalog } from '../../../kernel/errors';
import { interpolate, type Lang } from '../../../kernel/i18n';
import { FIELD_LABELS, type ImportField, type ImportMapping } from './import-fields';
import type { ParsedRow } from './import-parse';

/** One problem of one row, as stored and shown: the row number a spreadsheet shows, the field, a stable code. */
export interface RowError {
  row: number;
  field: string;
  code: string;
  message: string;
}

/** A row's values cleaned up (codes not yet resolved, uniqueness not yet checked); a malformed phone or card number is ''. */
export interface CleanRow {
  line: number;
  name: string;
  phone: string;
  gender: 'male' | 'female' | 'unknown';
  birthday: string | null;
  idNumber: string | null;
  address: string;
  tags: string[];
  storeCode: string;
  levelCode: string;
  cardNo: string;
  cardTypeCode: string;
  notes: string;
}

type Rule = 'mobile' | 'date' | 'tooOld' | 'gender' | 'idNumber' | 'maxLength' | 'tags' | 'cardTypeNeeded';
const RULES: Record<Lang, Record<Rule, string>> = {
  'zh-CN': {
    mobile: '须为 11 位大陆手机号',
    date: '须为真实日期，如 1990-01-31',
    tooOld: '不能早于 1900-01-01',
    gender: '须为 男 或 女',
    idNumber: '须为 6–32 位字母或数字',
    maxLength: '最多 {max} 个字',
    tags: '最多 20 个标签，每个最多 20 个字',
    cardTypeNeeded: '填写卡号时须同时填写卡种编码',
  },
  'en-US': {
    mobile: 'an 11-digit mainland mobile number',
    date: 'a real date such as 1990-01-31',
    tooOld: 'not before 1900-01-01',
    gender: '男 or 女 (male or female)',
    idNumber: '6–32 letters or digits',
    maxLength: 'at most {max} characters',
    tags: 'at most 20 tags of at most 20 characters',
    cardTypeNeeded: 'a card number needs a card type code',
  },
};

/** Writes row messages in one language, with the column names staff see. */
export class RowErrorWriter {
  readonly errors: RowError[] = [];
  private readonly rowsWithErrors = new Set<number>();
  constructor(private readonly lang: Lang) {}

  add(row: number, field: string, code: string, details: Record<string, unknown> = {}): void {
    const template = errorCatalog().get(code)?.message[this.lang] ?? code;
    const column = FIELD_LABELS[this.lang][field as ImportField] ?? field;
    this.errors.push({ row, field, code, message: interpolate(template, { column, field: column, ...details }) });
    this.rowsWithErrors.add(row);
  }

  invalid(row: number, field: ImportField, rule: Rule, params: Record<string, unknown> = {}): void {
    this.add(row, field, 'IMPORT_VALUE_INVALID', { rule: interpolate(RULES[this.lang][rule], params) });
  }

  hasErrors(row: number): boolean {
    return this.rowsWithErrors.has(row);
  }

  get errorRows(): number {
    return this.rowsWithErrors.size;
  }
}

/** 13800138000 from "138 0013 8000", "138-0013-8000", "+86 13800138000". */
export function normalisePhone(value: string): string {
  let s = value.replace(/[\s\-()（）]/g, '');
  if (/^(\+?86|0086)1\d{10}$/.test(s)) s = s.slice(-11);
  return s;
}

export function parseGender(value: string): CleanRow['gender'] | null {
  const s = value.trim().toLowerCase();
  if (s === '') return 'unknown';
  if (['男', '男性', '先生', 'm', 'male', 'man'].includes(s)) return 'male';
  if (['女', '女性', '女士', 'f', 'female', 'woman'].includes(s)) return 'female';
  if (['未知', '保密', 'unknown', 'u', '-'].includes(s)) return 'unknown';
  return null;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * YYYY-MM-DD, also YYYY/M/D, YYYY.M.D, YYYY年M月D日, YYYYMMDD, a date-time (its date part) and
 * Excel serial day numbers (a date cell saved without a date format). null when it is none of these.
 */
export function parseDateText(value: string): string | null {
  const s = value.trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T ].*)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m && /^\d{1,5}(\.\d+)?$/.test(s)) {
    const days = Math.floor(Number(s));
    if (days < 1) return null;
    const d = new Date(EXCEL_EPOCH + days * 86_400_000);
    m = ['', String(d.getUTCFullYear()), String(d.getUTCMonth() + 1), String(d.getUTCDate())] as unknown as RegExpExecArray;
  }
  if (!m) return null;
  const iso = `${m[1]}-${String(m[2]).padStart(2, '0')}-${String(m[3]).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

export function splitTags(value: string): string[] {
  return [...new Set(value.split(/[,，;；|、]/).map((t) => t.trim()).filter((t) => t !== ''))];
}

const ID_NUMBER = /^[0-9A-Za-z]{6,32}$/;
const MOBILE = /^1[3-9]\d{9}$/;
const CARD_NO = /^[A-Za-z0-9]{4,32}$/;

/**
 * The checks a row passes on its own, the same rules as the member API (RULES R14): mainland
 * mobile, real dates not in the future, lengths, ID number and card number shapes.
 */
export function cleanRow(row: ParsedRow, mapping: ImportMapping, today: string, out: RowErrorWriter): CleanRow {
  const get = (field: ImportField): string => {
    const index = mapping[field];
    return index === null || index === undefined ? '' : (row.cells[index] ?? '').trim();
  };
  const line = row.line;

  const name = get('name');
  if (name === '') out.add(line, 'name', 'IMPORT_VALUE_REQUIRED');
  else if (name.length > 64) out.invalid(line, 'name', 'maxLength', { max: 64 });

  const rawPhone = get('phone');
  const phone = normalisePhone(rawPhone);
  if (rawPhone === '') out.add(line, 'phone', 'IMPORT_VALUE_REQUIRED');
  else if (!MOBILE.test(phone)) out.invalid(line, 'phone', 'mobile');

  const gender = parseGender(get('gender'));
  if (gender === null) out.invalid(line, 'gender', 'gender');

  const rawBirthday = get('birthday');
  let birthday: string | null = null;
  if (rawBirthday !== '') {
    birthday = parseDateText(rawBirthday);
    if (birthday === null) out.invalid(line, 'birthday', 'date');
    else if (birthday > today) out.add(line, 'birthday', 'MEMBER_BIRTHDAY_IN_FUTURE');
    else if (birthday < '1900-01-01') out.invalid(line, 'birthday', 'tooOld');
  }

  const idNumber = get('idNumber');
  if (idNumber !== '' && !ID_NUMBER.test(idNumber)) out.invalid(line, 'idNumber', 'idNumber');

  const address = get('address');
  if (address.length > 200) out.invalid(line, 'address', 'maxLength', { max: 200 });
  const notes = get('notes');
  if (notes.length > 500) out.invalid(line, 'notes', 'maxLength', { max: 500 });

  const tags = splitTags(get('tags'));
  if (tags.length > 20 || tags.some((t) => t.length > 20)) out.invalid(line, 'tags', 'tags');

  const cardNo = get('cardNo');
  const cardTypeCode = get('cardTypeCode');
  if (cardNo !== '' && !CARD_NO.test(cardNo)) out.add(line, 'cardNo', 'CARD_NO_INVALID');
  if (cardNo !== '' && cardTypeCode === '') out.invalid(line, 'cardTypeCode', 'cardTypeNeeded');

  // a malformed phone or card number is left out of the uniqueness checks that follow
  return {
    line,
    name,
    phone: MOBILE.test(phone) ? phone : '',
    gender: gender ?? 'unknown',
    birthday,
    idNumber: idNumber === '' ? null : idNumber,
    address,
    tags,
    storeCode: get('storeCode'),
    levelCode: get('levelCode'),
    cardNo: CARD_NO.test(cardNo) ? cardNo : '',
    cardTypeCode,
    notes,
  };
}
