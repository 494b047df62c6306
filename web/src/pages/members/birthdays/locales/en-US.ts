import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Birthdays',
  subtitle: 'Members with a birthday coming up, so stores can greet them',
  today: 'Today',
  nextDays: 'Next {{count}} days',
  inDays: 'In {{count}} days',
  name: 'Name',
  phone: 'Mobile',
  birthday: 'Birthday',
  nextBirthday: 'Next birthday',
  daysAway: 'Days away',
  store: 'Home store',
  allStores: 'All stores',
  level: 'Level',
  exportName: 'birthdays',
};
export default enUS;
