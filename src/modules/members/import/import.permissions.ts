import { definePermissions } from '../../../kernel/permissions';

// 'members.export' lives in members.permissions.ts; the import has its own group.
export const ImportPermissions = definePermissions(
  { code: 'members_import', name: { 'zh-CN': '会员批量导入', 'en-US': 'Member import' } },
  {
    'members.import': { 'zh-CN': '批量导入会员', 'en-US': 'Import members from a file' },
  },
);
