const zhCN = {
  title: '员工级别',
  subtitle: '员工级别用于提成规则等，级别越高排序值越大',
  code: '级别编码',
  name: '级别名称',
  rank: '排序值',
  rankHelp: '整数，数值越大级别越高',
  description: '说明',
  newLevel: '新建级别',
  editLevel: '编辑级别',
  exportName: '员工级别',
};
export default zhCN;
