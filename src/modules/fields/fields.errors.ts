import { defineErrors } from '../../kernel/errors';

export const FieldsErrors = defineErrors({
  FIELD_NOT_FOUND: { status: 404, message: { 'zh-CN': '扩展字段不存在', 'en-US': 'Custom field not found' } },
  FIELD_KEY_TAKEN: { status: 409, message: { 'zh-CN': '字段标识 {key} 已存在', 'en-US': 'Field key {key} already exists' } },
  FIELD_OPTIONS_REQUIRED: { status: 400, message: { 'zh-CN': '单选或多选字段至少需要一个选项', 'en-US': 'Choice fields need at least one option' } },
  FIELD_VALUE_INVALID: {
    status: 400,
    message: { 'zh-CN': '扩展字段「{label}」的值不正确（{rule}）', 'en-US': 'Custom field "{label}" has an invalid value ({rule})' },
  },
});
