import { defineErrors } from '../kernel/errors';

/**
 * Codes of the opening points import (积分导入). The file-level ones are thrown; the row ones
 * are reported per row in POINTS_IMPORT_INVALID's details (with MEMBER_NOT_FOUND, MEMBER_ERASED
 * and AUTH_STORE_FORBIDDEN for members that cannot be credited).
 */
export const PointsImportErrors = defineErrors({
  POINTS_IMPORT_COLUMNS_MISSING: {
    status: 400,
    message: { 'zh-CN': '文件缺少必需的列：{columns}', 'en-US': 'The file lacks required columns: {columns}' },
  },
  POINTS_IMPORT_EMPTY: { status: 400, message: { 'zh-CN': '文件中没有数据行', 'en-US': 'The file has no data rows' } },
  // ---- row problems ----
  POINTS_IMPORT_MEMBER_REQUIRED: { status: 400, message: { 'zh-CN': '请填写手机号或卡号', 'en-US': 'Enter a phone or a card number' } },
  POINTS_IMPORT_PHONE_INVALID: { status: 400, message: { 'zh-CN': '手机号须为 11 位大陆手机号', 'en-US': 'The phone must be an 11-digit mainland mobile number' } },
  POINTS_IMPORT_MEMBER_MISMATCH: {
    status: 400,
    message: { 'zh-CN': '手机号和卡号属于不同的会员', 'en-US': 'The phone and the card number belong to different members' },
  },
  POINTS_IMPORT_DUPLICATE_MEMBER: {
    status: 400,
    message: { 'zh-CN': '与第 {firstRow} 行是同一会员', 'en-US': 'The same member as row {firstRow}' },
  },
  POINTS_IMPORT_POINTS_REQUIRED: { status: 400, message: { 'zh-CN': '积分不能为空', 'en-US': 'Points are required' } },
  POINTS_IMPORT_POINTS_INVALID: {
    status: 400,
    message: { 'zh-CN': '积分须为 1 到 1000000000000 之间的整数', 'en-US': 'Points must be a whole number from 1 to 1000000000000' },
  },
  POINTS_IMPORT_TOTAL_TOO_LARGE: {
    status: 400,
    message: { 'zh-CN': '文件的积分合计过大，请拆分成多个文件', 'en-US': 'The file’s points add up to too much; split it into several files' },
  },
  POINTS_IMPORT_DATE_INVALID: { status: 400, message: { 'zh-CN': '到期日须为真实日期，如 2027-12-31', 'en-US': 'The expiry must be a real date such as 2027-12-31' } },
  POINTS_IMPORT_DATE_PAST: { status: 400, message: { 'zh-CN': '到期日不能早于今天', 'en-US': 'The expiry cannot be before today' } },
  POINTS_IMPORT_NOTE_TOO_LONG: { status: 400, message: { 'zh-CN': '备注最多 {max} 个字', 'en-US': 'The note has at most {max} characters' } },
});
