import { useState } from 'react';
import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PageContainer } from '../../../app/components/PageContainer';
import { ExportCsvButton, usePagination, useServerTable } from '../../../app/table';
import { formatDateTime } from '../../../app/format';

interface MessageItem {
  id: string;
  channel: 'sms';
  recipient: string;
  template: string;
  content: string;
  status: 'sent' | 'failed';
  provider: string;
  createdAt: string;
  sentAt: string | null;
}
type Filters = { recipient?: string; status?: string; template?: string };

const STATUSES = ['sent', 'failed'] as const;
const STATUS_COLOR: Record<string, string> = { sent: 'success', failed: 'error' };
/** Templates the system sends today; others show their key. */
const TEMPLATES = ['verification_code', 'balance_change'] as const;

export default function MessagesPage() {
  const { t } = useTranslation(['system.messages', 'common']);
  const table = useServerTable<MessageItem, Filters>('/messages', {});
  const pagination = usePagination(table.query.data?.total, table.state.page, table.state.pageSize);
  const [recipient, setRecipient] = useState('');

  const statusText = (s: string) => t(`statuses.${s}`, { defaultValue: s });
  const templateText = (s: string) => t(`templates.${s}`, { defaultValue: s });
  const providerText = (s: string) => t(`providers.${s}`, { defaultValue: s });
  const apply = () => table.setFilters({ recipient: recipient.trim() || undefined });

  const columns: TableColumnsType<MessageItem> = [
    { title: t('createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('recipient'),
      dataIndex: 'recipient',
      key: 'recipient',
      width: 140,
      render: (v: string) => <Typography.Text copyable={{ text: v }}>{v}</Typography.Text>,
    },
    { title: t('template'), dataIndex: 'template', key: 'template', width: 130, render: (v: string) => templateText(v) },
    {
      title: t('content'),
      dataIndex: 'content',
      key: 'content',
      // shown in full: in local mode staff read verification codes from here
      render: (v: string) => (
        <Typography.Text copyable={{ text: v }} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {v}
        </Typography.Text>
      ),
    },
    { title: t('status'), dataIndex: 'status', key: 'status', width: 100, render: (s: string) => <Tag color={STATUS_COLOR[s] ?? 'default'}>{statusText(s)}</Tag> },
    { title: t('provider'), dataIndex: 'provider', key: 'provider', width: 170, render: (v: string) => providerText(v) },
    { title: t('sentAt'), dataIndex: 'sentAt', key: 'sentAt', width: 170, render: (v: string | null) => formatDateTime(v) || '—' },
  ];

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        <ExportCsvButton<MessageItem>
          path="/messages"
          query={table.params}
          filename={t('exportName')}
          columns={[
            { title: t('createdAt'), value: (r) => formatDateTime(r.createdAt) },
            { title: t('recipient'), value: (r) => r.recipient },
            { title: t('template'), value: (r) => templateText(r.template) },
            { title: t('content'), value: (r) => r.content },
            { title: t('status'), value: (r) => statusText(r.status) },
            { title: t('provider'), value: (r) => providerText(r.provider) },
            { title: t('sentAt'), value: (r) => formatDateTime(r.sentAt) },
          ]}
        />
      }
    >
      <Space className="table-toolbar" wrap>
        <Input
          allowClear
          placeholder={t('recipientPlaceholder')}
          aria-label={t('recipient')}
          value={recipient}
          onChange={(e) => setRecipient(e.target.value)}
          onPressEnter={apply}
          style={{ width: 200 }}
        />
        <Select
          allowClear
          aria-label={t('template')}
          placeholder={t('allTemplates')}
          style={{ width: 150 }}
          value={table.state.filters.template}
          onChange={(v) => table.setFilters({ template: v })}
          options={TEMPLATES.map((s) => ({ value: s, label: templateText(s) }))}
        />
        <Select
          allowClear
          aria-label={t('status')}
          placeholder={t('allStatuses')}
          style={{ width: 130 }}
          value={table.state.filters.status}
          onChange={(v) => table.setFilters({ status: v })}
          options={STATUSES.map((s) => ({ value: s, label: statusText(s) }))}
        />
        <Button type="primary" onClick={apply}>
          {t('common:actions.search')}
        </Button>
        <Button
          onClick={() => {
            setRecipient('');
            table.resetFilters();
          }}
        >
          {t('common:actions.reset')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={() => void table.query.refetch()}>
          {t('common:actions.refresh')}
        </Button>
      </Space>
      <Table<MessageItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={table.query.data?.items ?? []}
        loading={table.query.isFetching}
        pagination={pagination}
        onChange={table.onChange}
        scroll={{ x: 1100 }}
      />
    </PageContainer>
  );
}
