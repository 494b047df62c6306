import { definePermissions } from '../kernel/permissions';

export const SystemPermissions = definePermissions(
  { code: 'system', name: { 'zh-CN': '系统', 'en-US': 'System' } },
  {
    'audit.view': { 'zh-CN': '查看操作日志', 'en-US': 'View the audit log' },
    'settings.manage': { 'zh-CN': '系统设置与后台任务', 'en-US': 'System settings & background jobs' },
  },
);
