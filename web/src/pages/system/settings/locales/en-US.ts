import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Settings',
  subtitle: 'Merchant details, password policy, login lockout and sessions',
  merchantSection: 'Merchant',
  merchantName: 'Merchant name',
  passwordSection: 'Password policy',
  minLength: 'Minimum length',
  requireLetter: 'Require a letter',
  requireDigit: 'Require a digit',
  requireSymbol: 'Require a symbol',
  maxAgeDays: 'Password expiry (days)',
  maxAgeHelp: 'Staff must change the password after this many days; leave empty for never',
  never: 'Never',
  lockoutSection: 'Login lockout',
  maxFailures: 'Failed attempts',
  maxFailuresHelp: 'Lock the account after this many consecutive failed logins',
  lockMinutes: 'Lock duration (minutes)',
  sessionSection: 'Sessions',
  sessionIdleMinutes: 'Idle timeout (minutes)',
  sessionIdleHelp: 'Sign out automatically after this much inactivity',
  range: 'Enter a whole number from {{min}} to {{max}}',
  days: 'days',
  minutes: 'min',
  times: 'times',
  chars: 'chars',
};
export default enUS;
