import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Home',
  welcome: 'Welcome back, {{name}}',
  merchant: 'Merchant',
  merchantCode: 'Merchant code',
  currentStore: 'Current store',
  noStore: 'None',
  storeCount: 'Accessible stores',
  role: 'Account type',
  admin: 'Administrator',
  staff: 'Staff',
  quickLinks: 'Quick links',
  noLinks: 'No features are available yet. Ask an administrator for permissions.',
};
export default enUS;
