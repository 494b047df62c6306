import { defineErrors } from '../kernel/errors';

export const PlatformErrors = defineErrors({
  AUTH_REQUIRED: { status: 401, message: { 'zh-CN': '请先登录', 'en-US': 'Please sign in' } },
  AUTH_FORBIDDEN: {
    status: 403,
    message: { 'zh-CN': '没有权限执行此操作（需要 {permission}）', 'en-US': 'You lack the permission {permission}' },
  },
  AUTH_STORE_FORBIDDEN: {
    status: 403,
    message: { 'zh-CN': '您无权操作该门店的数据', 'en-US': 'Your role does not cover this store' },
  },
  AUTH_CSRF_INVALID: {
    status: 403,
    message: { 'zh-CN': '页面已过期，请刷新后重试', 'en-US': 'The page has expired; reload and try again' },
  },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    message: { 'zh-CN': 'Idempotency-Key 须为 1–200 个可见字符', 'en-US': 'Idempotency-Key must be 1–200 visible characters' },
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: {
      'zh-CN': '该请求编号已用于另一笔不同的请求',
      'en-US': 'This Idempotency-Key was already used for a different request',
    },
  },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: {
    status: 409,
    message: { 'zh-CN': '相同的请求正在处理中，请稍候', 'en-US': 'The same request is still being processed' },
  },
});
