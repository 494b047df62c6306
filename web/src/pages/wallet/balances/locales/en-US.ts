import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Member balances',
  subtitle: 'Members’ stored-value principal, bonus and points; totals cover every member the filter matches (what the stores owe)',
  search: 'Phone / card no. / name',
  allStores: 'All stores',
  storedValueRange: 'Stored value (¥)',
  pointsRange: 'Points',
  min: 'Min',
  max: 'Max',
  name: 'Name',
  phone: 'Mobile',
  cardNo: 'Card no.',
  homeStore: 'Home store',
  principal: 'Principal',
  bonus: 'Bonus',
  storedValue: 'Stored value',
  points: 'Points',
  members: 'Members',
  exportName: 'member-balances',
};
export default enUS;
