import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Become a member',
  welcome: 'Welcome to {{merchant}}',
  store: 'Joining at: {{store}}',
  phone: 'Mobile number',
  phoneInvalid: 'Enter a valid mainland mobile number',
  code: 'Verification code',
  codeInvalid: 'Enter the 6-digit code',
  sendCode: 'Get code',
  resend: 'Resend in {{seconds}} s',
  codeSent: 'The code has been sent',
  name: 'Name (optional)',
  gender: 'Gender (optional)',
  male: 'Male',
  female: 'Female',
  birthday: 'Birthday (optional)',
  submit: 'Join now',
  done: 'Welcome aboard',
  doneHint: 'You are now a member of {{store}}. Give your phone number at the till to enjoy member benefits.',
  already: 'You are already a member',
  alreadyHint: 'This phone number already belongs to a member.',
  storeMissing: 'This store does not exist or is closed',
  privacy: 'By joining you agree that the merchant processes your phone number and other personal data under its privacy policy.',
};
export default enUS;
