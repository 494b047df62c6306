const zhCN = {
  title: '生日提醒',
  subtitle: '即将过生日的会员，便于门店提前问候',
  today: '今天',
  nextDays: '{{count}} 天内',
  inDays: '{{count}} 天后',
  name: '姓名',
  phone: '手机号',
  birthday: '生日',
  nextBirthday: '下次生日',
  daysAway: '距今',
  store: '所属门店',
  allStores: '全部门店',
  level: '等级',
  exportName: '生日提醒',
};
export default zhCN;
