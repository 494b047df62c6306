import { useEffect, useState } from 'react';
import { App, Button, Empty, Form, Input, Popconfirm, Select, Space, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, ReloadOutlined, ShopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { useAllStores } from '../../../app/lookups';
import { PageContainer } from '../../../app/components/PageContainer';
import { FormModal } from '../../../app/components/FormModal';
import { StatusTag } from '../../../app/components/StatusTag';
import { ExportCsvButton } from '../../../app/table';
import { codeRules, nameRules } from '../../../app/validators';

interface Till {
  id: string;
  storeId: string;
  code: string;
  name: string;
  status: 'active' | 'disabled';
}
interface TillForm {
  code: string;
  name: string;
}

export default function TillsPage() {
  const { t } = useTranslation(['org.tills', 'common']);
  const { me, can } = useAuth();
  const manage = can('org.tills.manage');
  const { stores } = useAllStores();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const [storeId, setStoreId] = useState<string | undefined>(me?.currentStoreId ?? undefined);
  const [editing, setEditing] = useState<{ till?: Till } | null>(null);
  const [form] = Form.useForm<TillForm>();

  useEffect(() => {
    if (!storeId && stores.length > 0) setStoreId(me?.currentStoreId ?? stores[0]?.id);
  }, [storeId, stores, me?.currentStoreId]);

  const key = ['tills', storeId];
  const tills = useQuery({
    queryKey: key,
    queryFn: () => api.get<{ items: Till[] }>(`/stores/${storeId}/tills`).then((r) => r.items),
    enabled: !!storeId,
  });
  const store = stores.find((s) => s.id === storeId);

  const setStatus = async (till: Till, status: Till['status']) => {
    try {
      await api.patch(`/tills/${till.id}`, { status });
      void message.success(status === 'active' ? t('enabled') : t('disabledOk'));
      await qc.invalidateQueries({ queryKey: ['tills'] });
    } catch (e) {
      showError(e);
    }
  };

  const columns: TableColumnsType<Till> = [
    { title: t('code'), dataIndex: 'code', width: 160, sorter: (a, b) => a.code.localeCompare(b.code), defaultSortOrder: 'ascend' },
    { title: t('name'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name) },
    {
      title: t('status'),
      dataIndex: 'status',
      width: 120,
      filters: [
        { text: t('common:status.active'), value: 'active' },
        { text: t('common:status.disabled'), value: 'disabled' },
      ],
      onFilter: (v, r) => r.status === v,
      render: (s: string) => <StatusTag status={s} />,
    },
    ...(manage
      ? [
          {
            title: t('common:table.actions'),
            key: 'actions',
            width: 200,
            render: (_: unknown, r: Till) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ till: r })}>
                  {t('common:actions.edit')}
                </Button>
                {r.status === 'active' ? (
                  <Popconfirm title={`${t('common:actions.disable')} ${r.name}?`} onConfirm={() => setStatus(r, 'disabled')}>
                    <Button type="link" size="small" danger>
                      {t('common:actions.disable')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => setStatus(r, 'active')}>
                    {t('common:actions.enable')}
                  </Button>
                )}
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
          <ExportCsvButton<Till>
            rows={tills.data ?? []}
            filename={`${t('exportName')}-${store?.code ?? ''}`}
            columns={[
              { title: t('store'), value: () => store?.name },
              { title: t('code'), value: (r) => r.code },
              { title: t('name'), value: (r) => r.name },
              { title: t('status'), value: (r) => t(`common:status.${r.status}`) },
            ]}
          />
          {manage ? (
            <Button type="primary" icon={<PlusOutlined />} disabled={!storeId} onClick={() => setEditing({})}>
              {t('newTill')}
            </Button>
          ) : null}
        </>
      }
    >
      <Space className="table-toolbar" wrap>
        <Select
          aria-label={t('store')}
          data-testid="tills-store-select"
          placeholder={t('selectStore')}
          prefix={<ShopOutlined />}
          style={{ minWidth: 240 }}
          value={storeId}
          onChange={setStoreId}
          showSearch={{ optionFilterProp: 'label' }}
          options={stores.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
        />
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void tills.refetch()} disabled={!storeId} />
      </Space>
      {storeId ? (
        <Table<Till> rowKey="id" columns={columns} dataSource={tills.data ?? []} loading={tills.isFetching} pagination={false} />
      ) : (
        <Empty description={t('noStore')} />
      )}
      <FormModal<TillForm>
        open={!!editing}
        name="till"
        title={`${editing?.till ? t('editTill') : t('newTill')}${store ? ` · ${store.name}` : ''}`}
        form={form}
        initialValues={editing?.till ? { code: editing.till.code, name: editing.till.name } : {}}
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          if (editing?.till) await api.patch(`/tills/${editing.till.id}`, { name: v.name.trim() });
          else await api.post(`/stores/${storeId}/tills`, { code: v.code.trim(), name: v.name.trim() });
          await qc.invalidateQueries({ queryKey: ['tills'] });
        }}
      >
        <Form.Item name="code" label={t('code')} rules={editing?.till ? [] : codeRules(t, t('code'))}>
          <Input maxLength={32} disabled={!!editing?.till} />
        </Form.Item>
        <Form.Item name="name" label={t('name')} rules={nameRules(t, t('name'))}>
          <Input maxLength={64} />
        </Form.Item>
      </FormModal>
    </PageContainer>
  );
}
