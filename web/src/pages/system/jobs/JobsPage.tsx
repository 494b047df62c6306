import { useMemo } from 'react';
import { Badge, Button, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from '../../../app/api';
import { PageContainer } from '../../../app/components/PageContainer';
import { ExportCsvButton, usePagination, useServerTable } from '../../../app/table';
import { formatDateTime } from '../../../app/format';

interface Job {
  name: string;
  schedule: string;
}
interface Run {
  id: string;
  jobName: string;
  runKey: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}
interface OutboxItem {
  id: string;
  topic: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}
type OutboxFilters = { status?: string };

const RUN_BADGE: Record<string, 'processing' | 'success' | 'error' | 'default'> = {
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
};
const OUTBOX_COLOR: Record<string, string> = { pending: 'default', sending: 'processing', sent: 'success', dead: 'error' };
const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'dead'] as const;

/** The server describes schedules in English ('every 5 min', 'daily at 03:00 store time'); localize known shapes. */
function scheduleText(t: TFunction, s: string): string {
  const every = /^every (\d+) min$/.exec(s);
  if (every) return t('everyMinutes', { n: every[1] });
  const daily = /^daily at (\d{1,2}:\d{2})/.exec(s);
  if (daily) return t('dailyAt', { time: daily[1] });
  return s;
}

function duration(r: Run): string {
  if (!r.finishedAt) return '';
  const ms = new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '';
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

export default function JobsPage() {
  const { t } = useTranslation(['system.jobs', 'common']);
  const jobs = useQuery({
    queryKey: ['system', 'jobs'],
    queryFn: () => api.get<{ jobs: Job[]; runs: Run[] }>('/system/jobs'),
    refetchInterval: 30_000,
  });
  const outbox = useServerTable<OutboxItem, OutboxFilters>('/system/outbox', {});
  const outboxPagination = usePagination(outbox.query.data?.total, outbox.state.page, outbox.state.pageSize);
  const runStatus = (s: string) => t(`runStatus.${s}`, { defaultValue: s });
  const outboxStatus = (s: string) => t(`outboxStatus.${s}`, { defaultValue: s });

  const lastRun = useMemo(() => {
    const m = new Map<string, Run>();
    for (const r of jobs.data?.runs ?? []) {
      const prev = m.get(r.jobName);
      if (!prev || prev.startedAt < r.startedAt) m.set(r.jobName, r);
    }
    return m;
  }, [jobs.data]);

  const jobColumns: TableColumnsType<Job> = [
    { title: t('job'), dataIndex: 'name', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('schedule'), dataIndex: 'schedule', render: (v: string) => scheduleText(t, v) },
    {
      title: t('lastRun'),
      key: 'last',
      render: (_, j) => {
        const r = lastRun.get(j.name);
        if (!r) return <Typography.Text type="secondary">{t('neverRun')}</Typography.Text>;
        return (
          <Space>
            <Badge status={RUN_BADGE[r.status] ?? 'default'} text={runStatus(r.status)} />
            <Typography.Text type="secondary">{formatDateTime(r.startedAt)}</Typography.Text>
          </Space>
        );
      },
    },
  ];

  const runColumns: TableColumnsType<Run> = [
    { title: t('job'), dataIndex: 'jobName', width: 200, filters: (jobs.data?.jobs ?? []).map((j) => ({ text: j.name, value: j.name })), onFilter: (v, r) => r.jobName === v },
    { title: t('runKey'), dataIndex: 'runKey', width: 240, ellipsis: true },
    {
      title: t('status'),
      dataIndex: 'status',
      width: 110,
      filters: Object.keys(RUN_BADGE).map((s) => ({ text: runStatus(s), value: s })),
      onFilter: (v, r) => r.status === v,
      render: (s: string) => <Badge status={RUN_BADGE[s] ?? 'default'} text={runStatus(s)} />,
    },
    { title: t('startedAt'), dataIndex: 'startedAt', width: 170, render: (v: string) => formatDateTime(v), sorter: (a, b) => a.startedAt.localeCompare(b.startedAt), defaultSortOrder: 'descend' },
    { title: t('finishedAt'), dataIndex: 'finishedAt', width: 170, render: (v: string | null) => formatDateTime(v) || '—' },
    { title: t('duration'), key: 'duration', width: 90, render: (_, r) => duration(r) || '—' },
    { title: t('error'), dataIndex: 'error', ellipsis: true, render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—') },
  ];

  const outboxColumns: TableColumnsType<OutboxItem> = [
    { title: t('topic'), dataIndex: 'topic', width: 200 },
    { title: t('status'), dataIndex: 'status', width: 100, render: (s: string) => <Tag color={OUTBOX_COLOR[s] ?? 'default'}>{outboxStatus(s)}</Tag> },
    { title: t('attempts'), dataIndex: 'attempts', width: 100, align: 'right' },
    { title: t('createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('sentAt'), dataIndex: 'sentAt', width: 170, render: (v: string | null) => formatDateTime(v) || '—' },
    { title: t('lastError'), dataIndex: 'lastError', ellipsis: true, render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—') },
  ];

  return (
    <PageContainer title={t('title')} subTitle={t('subtitle')}>
      <Tabs
        items={[
          {
            key: 'jobs',
            label: t('jobsTab'),
            children: (
              <>
                <Space className="table-toolbar">
                  <Button icon={<ReloadOutlined />} onClick={() => void jobs.refetch()}>
                    {t('common:actions.refresh')}
                  </Button>
                </Space>
                <Table<Job> rowKey="name" columns={jobColumns} dataSource={jobs.data?.jobs ?? []} loading={jobs.isFetching} pagination={false} />
              </>
            ),
          },
          {
            key: 'runs',
            label: t('runsTab'),
            children: (
              <>
                <Space className="table-toolbar">
                  <Button icon={<ReloadOutlined />} onClick={() => void jobs.refetch()}>
                    {t('common:actions.refresh')}
                  </Button>
                  <ExportCsvButton<Run>
                    rows={jobs.data?.runs ?? []}
                    filename={t('exportRuns')}
                    columns={[
                      { title: t('job'), value: (r) => r.jobName },
                      { title: t('runKey'), value: (r) => r.runKey },
                      { title: t('status'), value: (r) => runStatus(r.status) },
                      { title: t('startedAt'), value: (r) => formatDateTime(r.startedAt) },
                      { title: t('finishedAt'), value: (r) => formatDateTime(r.finishedAt) },
                      { title: t('error'), value: (r) => r.error },
                    ]}
                  />
                </Space>
                <Table<Run>
                  rowKey="id"
                  size="middle"
                  columns={runColumns}
                  dataSource={jobs.data?.runs ?? []}
                  loading={jobs.isFetching}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  scroll={{ x: 1100 }}
                />
              </>
            ),
          },
          {
            key: 'outbox',
            label: t('outboxTab'),
            children: (
              <>
                <Space className="table-toolbar" wrap>
                  <Select
                    allowClear
                    aria-label={t('status')}
                    placeholder={t('allStatuses')}
                    style={{ width: 140 }}
                    value={outbox.state.filters.status}
                    onChange={(v) => outbox.setFilters({ status: v })}
                    options={OUTBOX_STATUSES.map((s) => ({ value: s, label: outboxStatus(s) }))}
                  />
                  <Button icon={<ReloadOutlined />} onClick={() => void outbox.query.refetch()}>
                    {t('common:actions.refresh')}
                  </Button>
                  <ExportCsvButton<OutboxItem>
                    path="/system/outbox"
                    query={outbox.params}
                    filename={t('exportOutbox')}
                    columns={[
                      { title: 'ID', value: (r) => r.id },
                      { title: t('topic'), value: (r) => r.topic },
                      { title: t('status'), value: (r) => outboxStatus(r.status) },
                      { title: t('attempts'), value: (r) => r.attempts },
                      { title: t('createdAt'), value: (r) => formatDateTime(r.createdAt) },
                      { title: t('sentAt'), value: (r) => formatDateTime(r.sentAt) },
                      { title: t('lastError'), value: (r) => r.lastError },
                    ]}
                  />
                </Space>
                <Table<OutboxItem>
                  rowKey="id"
                  size="middle"
                  columns={outboxColumns}
                  dataSource={outbox.query.data?.items ?? []}
                  loading={outbox.query.isFetching}
                  pagination={outboxPagination}
                  onChange={outbox.onChange}
                  scroll={{ x: 1000 }}
                />
              </>
            ),
          },
        ]}
      />
    </PageContainer>
  );
}
