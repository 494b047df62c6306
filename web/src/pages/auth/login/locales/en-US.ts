import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Log in',
  subtitle: 'Membership, cashier and marketing for chain stores',
  merchantCode: 'Merchant code',
  username: 'Username',
  password: 'Password',
  submit: 'Log in',
  remember: 'Remember merchant code',
  lockedRetry: 'The account is locked. Try again in {{minutes}} min.',
  rateLimitedRetry: 'Try again in {{seconds}} s.',
};
export default enUS;
