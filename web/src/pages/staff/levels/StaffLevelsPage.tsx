import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Popconfirm, Space, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, ReloadOutlined, DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { lookupKeys } from '../../../app/lookups';
import { PageContainer } from '../../../app/components/PageContainer';
import { FormModal } from '../../../app/components/FormModal';
import { ExportCsvButton } from '../../../app/table';
import { codeRules, maxRule, nameRules, requiredRule } from '../../../app/validators';

interface StaffLevel {
  id: string;
  code: string;
  name: string;
  rank: number;
  description: string;
}
interface LevelForm {
  code: string;
  name: string;
  rank: number;
  description?: string;
}

export default function StaffLevelsPage() {
  const { t } = useTranslation(['staff.levels', 'common']);
  const { can } = useAuth();
  const manage = can('staff.levels.manage');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const [editing, setEditing] = useState<{ level?: StaffLevel } | null>(null);
  const [form] = Form.useForm<LevelForm>();
  const levels = useQuery({
    queryKey: lookupKeys.staffLevels,
    queryFn: () => api.get<{ items: StaffLevel[] }>('/staff-levels').then((r) => r.items),
  });
  const invalidate = () => qc.invalidateQueries({ queryKey: lookupKeys.staffLevels });

  const remove = async (l: StaffLevel) => {
    try {
      await api.delete(`/staff-levels/${l.id}`);
      void message.success(t('common:common.deleted'));
      await invalidate();
    } catch (e) {
      showError(e);
    }
  };

  const columns: TableColumnsType<StaffLevel> = [
    { title: t('code'), dataIndex: 'code', width: 140, sorter: (a, b) => a.code.localeCompare(b.code) },
    { title: t('name'), dataIndex: 'name', width: 200, sorter: (a, b) => a.name.localeCompare(b.name) },
    { title: t('rank'), dataIndex: 'rank', width: 100, sorter: (a, b) => a.rank - b.rank, defaultSortOrder: 'descend' },
    { title: t('description'), dataIndex: 'description', ellipsis: true, render: (v: string | null) => v || '—' },
    ...(manage
      ? [
          {
            title: t('common:table.actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, l: StaffLevel) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ level: l })}>
                  {t('common:actions.edit')}
                </Button>
                <Popconfirm
                  title={t('common:common.deleteConfirm', { name: l.name })}
                  description={t('common:common.deleteConfirmHint')}
                  onConfirm={() => remove(l)}
                >
                  <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                    {t('common:actions.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        <>
          <ExportCsvButton<StaffLevel>
            rows={levels.data ?? []}
            filename={t('exportName')}
            columns={[
              { title: t('code'), value: (l) => l.code },
              { title: t('name'), value: (l) => l.name },
              { title: t('rank'), value: (l) => l.rank },
              { title: t('description'), value: (l) => l.description },
            ]}
          />
          <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void levels.refetch()} />
          {manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
              {t('newLevel')}
            </Button>
          ) : null}
        </>
      }
    >
      <Table<StaffLevel>
        rowKey="id"
        columns={columns}
        dataSource={levels.data ?? []}
        loading={levels.isFetching}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
      <FormModal<LevelForm>
        open={!!editing}
        name="staff-level"
        title={editing?.level ? t('editLevel') : t('newLevel')}
        form={form}
        initialValues={
          editing?.level
            ? { code: editing.level.code, name: editing.level.name, rank: editing.level.rank, description: editing.level.description ?? '' }
            : { rank: ((levels.data ?? []).reduce((m, l) => Math.max(m, l.rank), 0) || 0) + 1 }
        }
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          const body = { code: v.code.trim(), name: v.name.trim(), rank: v.rank, description: v.description?.trim() ?? '' };
          if (editing?.level) await api.patch(`/staff-levels/${editing.level.id}`, body);
          else await api.post('/staff-levels', body);
          await invalidate();
        }}
      >
        <Form.Item name="code" label={t('code')} rules={codeRules(t, t('code'))}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="name" label={t('name')} rules={nameRules(t, t('name'))}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="rank" label={t('rank')} tooltip={t('rankHelp')} rules={[{ ...requiredRule(t, t('rank'), true), type: 'number' }]}>
          <InputNumber precision={0} min={0} max={1000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="description" label={t('description')} rules={[maxRule(t, t('description'), 200)]}>
          <Input.TextArea rows={3} maxLength={200} showCount />
        </Form.Item>
      </FormModal>
    </PageContainer>
  );
}
