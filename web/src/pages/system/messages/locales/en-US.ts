import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Message log',
  subtitle: 'Every SMS the system sent; in local mode nothing leaves the server and codes can be read here',
  createdAt: 'Queued',
  sentAt: 'Sent',
  recipient: 'Mobile',
  template: 'Template',
  content: 'Content',
  status: 'Status',
  provider: 'Provider',
  recipientPlaceholder: 'Mobile (or part of it)',
  allStatuses: 'All statuses',
  allTemplates: 'All templates',
  statuses: { sent: 'Sent', failed: 'Failed' },
  templates: { verification_code: 'Verification code', balance_change: 'Balance change' },
  providers: { local: 'Local (not actually sent)' },
  exportName: 'message-log',
};
export default enUS;
