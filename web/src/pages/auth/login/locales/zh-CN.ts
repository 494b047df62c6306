const zhCN = {
  title: '登录',
  subtitle: '连锁门店会员 · 收银 · 营销一体化管理',
  merchantCode: '商户号',
  username: '用户名',
  password: '密码',
  submit: '登录',
  remember: '记住商户号',
  lockedRetry: '账户已被锁定，请在 {{minutes}} 分钟后重试',
  rateLimitedRetry: '请在 {{seconds}} 秒后重试',
};
export default zhCN;
