import { definePermissions } from '../../kernel/permissions';

export const StaffPermissions = definePermissions(
  { code: 'staff', name: { 'zh-CN': '员工与权限', 'en-US': 'Staff & access' } },
  {
    'staff.view': { 'zh-CN': '查看员工', 'en-US': 'View staff' },
    'staff.manage': { 'zh-CN': '管理员工（新增、停用、重置密码）', 'en-US': 'Manage staff (add, disable, reset password)' },
    'staff.levels.manage': { 'zh-CN': '管理员工级别', 'en-US': 'Manage staff levels' },
    'staff.roles.view': { 'zh-CN': '查看权限组', 'en-US': 'View roles' },
    'staff.roles.manage': { 'zh-CN': '管理权限组', 'en-US': 'Manage roles' },
  },
);
