const zhCN = {
  title: '短信记录',
  subtitle: '系统发出的每一条短信；本地模式下不实际发送，验证码可在此查看',
  createdAt: '提交时间',
  sentAt: '发送时间',
  recipient: '手机号',
  template: '模板',
  content: '内容',
  status: '状态',
  provider: '通道',
  recipientPlaceholder: '手机号（可输入部分）',
  allStatuses: '全部状态',
  allTemplates: '全部模板',
  statuses: { sent: '已发送', failed: '发送失败' },
  templates: { verification_code: '验证码', balance_change: '余额变动' },
  providers: { local: '本地模式（未实际发送）' },
  exportName: '短信记录',
};
export default zhCN;
