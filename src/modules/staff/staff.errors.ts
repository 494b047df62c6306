import { defineErrors } from '../../kernel/errors';

export const StaffErrors = defineErrors({
  AUTH_INVALID_CREDENTIALS: {
    status: 401,
    message: { 'zh-CN': '商户号、用户名或密码不正确', 'en-US': 'Wrong merchant code, username or password' },
  },
  AUTH_LOCKED: {
    status: 423,
    message: {
      'zh-CN': '登录失败次数过多，账号已锁定，请 {retryAfterMinutes} 分钟后再试',
      'en-US': 'Too many failed logins; the account is locked for {retryAfterMinutes} more minutes',
    },
  },
  AUTH_RATE_LIMITED: {
    status: 429,
    message: {
      'zh-CN': '登录尝试过于频繁，请 {retryAfterMinutes} 分钟后再试',
      'en-US': 'Too many login attempts; try again in {retryAfterMinutes} minutes',
    },
  },
  AUTH_AUTHORIZER_INVALID: { status: 403, message: { 'zh-CN': '授权人的用户名或密码不正确', 'en-US': 'The authoriser’s username or password is wrong' } },
  AUTH_AUTHORIZER_NOT_ALLOWED: { status: 403, message: { 'zh-CN': '授权人没有此权限', 'en-US': 'The authoriser does not hold this permission' } },
  AUTH_ACCOUNT_DISABLED: { status: 403, message: { 'zh-CN': '账号已停用', 'en-US': 'This account is disabled' } },
  AUTH_WRONG_PASSWORD: { status: 400, message: { 'zh-CN': '当前密码不正确', 'en-US': 'The current password is wrong' } },
  AUTH_PASSWORD_TOO_WEAK: {
    status: 400,
    message: {
      'zh-CN': '密码不符合安全要求：至少 {minLength} 位，并按系统设置包含字母、数字或符号',
      'en-US': 'The password is too weak: at least {minLength} characters, with letters, digits or symbols as configured',
    },
  },
  AUTH_PASSWORD_REUSED: { status: 400, message: { 'zh-CN': '新密码不能与当前密码相同', 'en-US': 'The new password must differ from the current one' } },
  STAFF_NOT_FOUND: { status: 404, message: { 'zh-CN': '员工不存在', 'en-US': 'Staff member not found' } },
  STAFF_USERNAME_TAKEN: { status: 409, message: { 'zh-CN': '用户名 {username} 已被使用', 'en-US': 'Username {username} is taken' } },
  STAFF_CANNOT_DISABLE_SELF: { status: 400, message: { 'zh-CN': '不能停用自己的账号', 'en-US': 'You cannot disable your own account' } },
  STAFF_LAST_ADMIN: {
    status: 409,
    message: { 'zh-CN': '至少需要保留一名启用的超级管理员', 'en-US': 'At least one active administrator must remain' },
  },
  STAFF_LEVEL_NOT_FOUND: { status: 404, message: { 'zh-CN': '员工级别不存在', 'en-US': 'Staff level not found' } },
  STAFF_LEVEL_IN_USE: { status: 409, message: { 'zh-CN': '仍有员工属于该级别', 'en-US': 'Staff members still have this level' } },
  ROLE_NOT_FOUND: { status: 404, message: { 'zh-CN': '权限组不存在', 'en-US': 'Role not found' } },
  ROLE_IN_USE: { status: 409, message: { 'zh-CN': '仍有员工使用该权限组', 'en-US': 'Staff members still have this role' } },
  ROLE_SYSTEM_READONLY: { status: 409, message: { 'zh-CN': '系统内置权限组不能修改或删除', 'en-US': 'The built-in role cannot be changed' } },
  ROLE_UNKNOWN_PERMISSION: { status: 400, message: { 'zh-CN': '未知权限 {permission}', 'en-US': 'Unknown permission {permission}' } },
  ROLE_SCOPE_REQUIRED: {
    status: 400,
    message: { 'zh-CN': '请选择该权限组可管理的区域或门店', 'en-US': 'Choose the regions or stores this role covers' },
  },
  ROLE_SCOPE_UNKNOWN: { status: 400, message: { 'zh-CN': '所选区域或门店不存在', 'en-US': 'A chosen region or store does not exist' } },
  STAFF_STORE_UNKNOWN: { status: 400, message: { 'zh-CN': '所选门店不存在', 'en-US': 'A chosen store does not exist' } },
});
