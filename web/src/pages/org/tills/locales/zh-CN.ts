const zhCN = {
  title: '收银台',
  subtitle: '每个门店的收银台（终端）',
  store: '门店',
  selectStore: '请选择门店',
  code: '收银台编码',
  name: '收银台名称',
  status: '状态',
  newTill: '新建收银台',
  editTill: '编辑收银台',
  noStore: '请先选择一个门店',
  exportName: '收银台',
  enabled: '已启用',
  disabledOk: '已停用',
};
export default zhCN;
