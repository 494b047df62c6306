import type zhCN from './zh-CN';
import type { LocaleShape } from '../../../../app/i18n-types';

const enUS: LocaleShape<typeof zhCN> = {
  title: 'Jobs & outbox',
  subtitle: 'Scheduled job runs and the outgoing message box (SMS, webhooks …)',
  jobsTab: 'Scheduled jobs',
  runsTab: 'Runs',
  outboxTab: 'Outbox',
  job: 'Job',
  schedule: 'Schedule',
  everyMinutes: 'Every {{n}} min',
  dailyAt: 'Daily at {{time}} (store time)',
  runKey: 'Run key',
  status: 'Status',
  startedAt: 'Started',
  finishedAt: 'Finished',
  duration: 'Duration',
  error: 'Error',
  runStatus: { running: 'Running', succeeded: 'Succeeded', failed: 'Failed' },
  topic: 'Topic',
  attempts: 'Attempts',
  lastError: 'Last error',
  createdAt: 'Created',
  sentAt: 'Sent',
  outboxStatus: { pending: 'Pending', sending: 'Sending', sent: 'Sent', dead: 'Dead' },
  allStatuses: 'All statuses',
  lastRun: 'Last run',
  neverRun: 'Never run',
  exportRuns: 'job-runs',
  exportOutbox: 'outbox',
};
export default enUS;
