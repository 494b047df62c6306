import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Tills',
  subtitle: 'The tills (terminals) of each store',
  store: 'Store',
  selectStore: 'Select a store',
  code: 'Till code',
  name: 'Till name',
  status: 'Status',
  newTill: 'New till',
  editTill: 'Edit till',
  noStore: 'Select a store first',
  exportName: 'tills',
  enabled: 'Enabled',
  disabledOk: 'Disabled',
};
export default enUS;
