import { defineErrors } from '../../../kernel/errors';

export const ImportErrors = defineErrors({
  IMPORT_NOT_FOUND: { status: 404, message: { 'zh-CN': '导入任务不存在', 'en-US': 'Import not found' } },
  IMPORT_FILE_INVALID: {
    status: 400,
    message: { 'zh-CN': '无法读取文件：{reason}', 'en-US': 'The file cannot be read: {reason}' },
  },
  IMPORT_TOO_LARGE: {
    status: 413,
    message: { 'zh-CN': '文件过大：最多 {maxRows} 行', 'en-US': 'The file is too large: at most {maxRows} rows' },
  },
  IMPORT_HAS_ERRORS: {
    status: 409,
    message: {
      'zh-CN': '有 {errorRows} 行数据有误，“全部成功才导入”模式下不能导入；请修正后重新上传，或改为只导入正确的行',
      'en-US': '{errorRows} rows have errors, so nothing can be imported in all-or-nothing mode; fix them and upload again, or import valid rows only',
    },
  },
  IMPORT_STATE_INVALID: {
    status: 409,
    message: { 'zh-CN': '导入任务当前状态（{status}）不能执行此操作', 'en-US': 'This cannot be done while the import is {status}' },
  },
  IMPORT_INTERRUPTED: {
    status: 409,
    message: { 'zh-CN': '导入任务因服务重启而中断，没有导入任何数据；请重新校验', 'en-US': 'The import was interrupted by a server restart; nothing was imported. Check the rows again' },
  },
  IMPORT_MAPPING_INVALID: {
    status: 400,
    message: { 'zh-CN': '列对应关系有误：{reason}', 'en-US': 'The column mapping is invalid: {reason}' },
  },
  // ---- row problems (reported per row, never thrown at the client) ----
  IMPORT_DUPLICATE_IN_FILE: {
    status: 400,
    message: { 'zh-CN': '与第 {firstRow} 行重复：{value}', 'en-US': 'Same as row {firstRow}: {value}' },
  },
  IMPORT_STORE_UNKNOWN: { status: 400, message: { 'zh-CN': '门店编码 {code} 不存在', 'en-US': 'No store has the code {code}' } },
  IMPORT_LEVEL_UNKNOWN: { status: 400, message: { 'zh-CN': '等级编码 {code} 不存在', 'en-US': 'No level has the code {code}' } },
  IMPORT_CARD_TYPE_UNKNOWN: { status: 400, message: { 'zh-CN': '卡种编码 {code} 不存在', 'en-US': 'No card type has the code {code}' } },
  IMPORT_VALUE_REQUIRED: { status: 400, message: { 'zh-CN': '{column}不能为空', 'en-US': '{column} is required' } },
  IMPORT_VALUE_INVALID: { status: 400, message: { 'zh-CN': '{column}格式有误：{rule}', 'en-US': '{column} is invalid: {rule}' } },
});
