const zhCN = {
  title: '首页',
  welcome: '{{name}}，欢迎回来',
  merchant: '商户',
  merchantCode: '商户号',
  currentStore: '当前门店',
  noStore: '未选择',
  storeCount: '可访问门店',
  role: '身份',
  admin: '管理员',
  staff: '员工',
  quickLinks: '快捷入口',
  noLinks: '暂无可用功能，请联系管理员分配权限。',
};
export default zhCN;
