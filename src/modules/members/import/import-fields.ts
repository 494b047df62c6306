import type { FieldDefinition } from '../../../kernel/custom-values';
import type { Lang } from '../../../kernel/i18n';
import { normaliseHeader } from '../../../platform/spreadsheets';

/** The member fields a file can fill, in template order. */
export const IMPORT_FIELDS = ['name', 'phone', 'gender', 'birthday', 'idNumber', 'address', 'tags', 'storeCode', 'levelCode', 'cardNo', 'cardTypeCode', 'notes'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_FIELDS: readonly ImportField[] = ['name', 'phone'];

/** Column headers of the template and of exports, so an export can be imported again. */
export const TEMPLATE_HEADERS: Record<ImportField, string> = {
  name: '姓名',
  phone: '手机号',
  gender: '性别',
  birthday: '生日',
  idNumber: '证件号',
  address: '地址',
  tags: '标签',
  storeCode: '门店编码',
  levelCode: '等级编码',
  cardNo: '卡号',
  cardTypeCode: '卡种编码',
  notes: '备注',
};

export const FIELD_LABELS: Record<Lang, Record<ImportField, string>> = {
  'zh-CN': TEMPLATE_HEADERS,
  'en-US': {
    name: 'Name',
    phone: 'Phone',
    gender: 'Gender',
    birthday: 'Birthday',
    idNumber: 'ID number',
    address: 'Address',
    tags: 'Tags',
    storeCode: 'Store code',
    levelCode: 'Level code',
    cardNo: 'Card number',
    cardTypeCode: 'Card type code',
    notes: 'Notes',
  },
};

/** Header spellings recognised for each field (compared after normalising case, spaces and punctuation). */
const ALIASES: Record<ImportField, string[]> = {
  name: ['姓名', '名字', '会员姓名', '会员名称', '客户姓名', 'name', 'fullname', 'membername', 'customername'],
  phone: ['手机号', '手机', '手机号码', '电话', '联系电话', '电话号码', '移动电话', 'phone', 'mobile', 'mobilephone', 'phonenumber', 'cellphone', 'tel'],
  gender: ['性别', 'gender', 'sex'],
  birthday: ['生日', '出生日期', '生日日期', 'birthday', 'birthdate', 'dateofbirth', 'dob'],
  idNumber: ['证件号', '证件号码', '身份证', '身份证号', '身份证号码', 'idnumber', 'idno', 'idcard', 'id'],
  address: ['地址', '住址', '联系地址', '家庭住址', 'address'],
  tags: ['标签', '会员标签', 'tags', 'tag', 'labels'],
  storeCode: ['门店编码', '门店代码', '门店编号', '所属门店编码', '门店', 'storecode', 'store', 'homestore', 'homestorecode'],
  levelCode: ['等级编码', '等级代码', '会员等级编码', '等级', '会员等级', 'levelcode', 'level'],
  cardNo: ['卡号', '会员卡号', '卡号码', 'cardno', 'cardnumber', 'card'],
  cardTypeCode: ['卡种编码', '卡种代码', '卡类型编码', '卡种', '卡类型', 'cardtypecode', 'cardtype'],
  notes: ['备注', '说明', 'notes', 'note', 'remark', 'remarks', 'comment', 'comments'],
};

const normalise = normaliseHeader;

const LOOKUP = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) for (const alias of ALIASES[field]) LOOKUP.set(normalise(alias), field);

export type ImportMapping = Partial<Record<ImportField, number | null>> & { custom?: Record<string, number | null> };

/** Column index per field from the file's headers; a field no header matches (or already taken) is null. */
/** Columns for the standard fields by their known spellings, and for custom fields by label or key. */
export function suggestMapping(headers: readonly string[], customFields: readonly { key: string; label: string }[] = []) {
  const out = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, null])) as Record<ImportField, number | null>;
  const custom: Record<string, number | null> = Object.fromEntries(customFields.map((f) => [f.key, null]));
  headers.forEach((header, index) => {
    const name = normalise(header);
    const field = LOOKUP.get(name);
    if (field && out[field] === null) {
      out[field] = index;
      return;
    }
    const def = customFields.find((f) => normalise(f.label) === name || normalise(f.key) === name);
    if (def && custom[def.key] === null) custom[def.key] = index;
  });
  return { ...out, custom };
}

/**
 * A row's custom field cells typed for checking: numbers parsed (a cell that is not a number
 * stays text, so the check names it), multi-choice split like tags, empty cells left out.
 */
export function customCells(defs: readonly FieldDefinition[], mapping: ImportMapping, cells: readonly string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const def of defs) {
    const index = mapping.custom?.[def.key];
    const raw = index === null || index === undefined ? '' : (cells[index] ?? '').trim();
    if (raw === '') continue;
    if (def.type === 'number') input[def.key] = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    else if (def.type === 'multi') input[def.key] = [...new Set(raw.split(/[,，;；|、]/).map((v) => v.trim()).filter((v) => v !== ''))];
    else input[def.key] = raw;
  }
  return input;
}
