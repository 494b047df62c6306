import { definePermissions } from '../../kernel/permissions';

export const FieldsPermissions = definePermissions(
  { code: 'fields', name: { 'zh-CN': '扩展字段', 'en-US': 'Custom fields' } },
  { 'fields.manage': { 'zh-CN': '管理扩展字段', 'en-US': 'Manage custom fields' } },
);
