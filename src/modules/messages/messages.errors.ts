import { defineErrors } from '../../kernel/errors';

export const MessagesErrors = defineErrors({
  SMS_PHONE_INVALID: {
    status: 400,
    message: { 'zh-CN': '请输入正确的手机号码', 'en-US': 'Enter a valid mainland mobile number' },
  },
  SMS_CODE_TOO_FREQUENT: {
    status: 429,
    message: {
      'zh-CN': '验证码发送过于频繁，请 {retryAfterSeconds} 秒后再试',
      'en-US': 'A code was sent just now; try again in {retryAfterSeconds} seconds',
    },
  },
  SMS_DAILY_LIMIT: {
    status: 429,
    message: {
      'zh-CN': '该手机号今日获取验证码次数已达上限，请明天再试',
      'en-US': 'This number has had too many codes today; try again tomorrow',
    },
  },
  SMS_IP_LIMIT: {
    status: 429,
    message: {
      'zh-CN': '当前网络获取验证码过于频繁，请稍后再试',
      'en-US': 'Too many codes were requested from this network; try again later',
    },
  },
  SMS_CODE_INVALID: { status: 400, message: { 'zh-CN': '验证码不正确', 'en-US': 'The verification code is wrong' } },
  SMS_CODE_EXPIRED: {
    status: 400,
    message: { 'zh-CN': '验证码已过期，请重新获取', 'en-US': 'The verification code has expired; request a new one' },
  },
  SMS_CODE_ATTEMPTS_EXCEEDED: {
    status: 429,
    message: {
      'zh-CN': '验证码错误次数过多，请重新获取',
      'en-US': 'Too many wrong codes; request a new one',
    },
  },
});
