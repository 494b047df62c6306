import { useMemo, useState } from 'react';
import { App, Button, Empty, Form, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { useRegions, type City, type Region } from '../../../app/lookups';
import { PageContainer } from '../../../app/components/PageContainer';
import { FormModal } from '../../../app/components/FormModal';
import { ExportCsvButton } from '../../../app/table';
import { codeRules, nameRules } from '../../../app/validators';

interface RegionForm {
  code: string;
  name: string;
}
interface CityForm {
  code: string;
  name: string;
}

type Editing =
  | { kind: 'region'; region?: Region }
  | { kind: 'city'; region: Region; city?: City }
  | null;

export default function RegionsPage() {
  const { t } = useTranslation(['org.regions', 'common']);
  const { can } = useAuth();
  const manage = can('org.regions.manage');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const regions = useRegions();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const [regionForm] = Form.useForm<RegionForm>();
  const [cityForm] = Form.useForm<CityForm>();

  const invalidate = () => qc.invalidateQueries({ queryKey: ['regions'] });

  const filtered = useMemo(() => {
    const list = regions.data ?? [];
    const k = q.trim().toLowerCase();
    if (!k) return list;
    return list.filter(
      (r) =>
        r.name.toLowerCase().includes(k) ||
        r.code.toLowerCase().includes(k) ||
        r.cities.some((c) => c.name.toLowerCase().includes(k) || c.code.toLowerCase().includes(k)),
    );
  }, [regions.data, q]);

  const remove = async (path: string) => {
    try {
      await api.delete(path);
      void message.success(t('common:common.deleted'));
      await invalidate();
    } catch (e) {
      showError(e);
    }
  };

  const cityColumns = (region: Region): TableColumnsType<City> => [
    { title: t('cityCode'), dataIndex: 'code', width: 160 },
    { title: t('cityName'), dataIndex: 'name' },
    ...(manage
      ? [
          {
            title: t('common:table.actions'),
            key: 'actions',
            width: 180,
            render: (_: unknown, c: City) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing({ kind: 'city', region, city: c })}>
                  {t('common:actions.edit')}
                </Button>
                <Popconfirm
                  title={t('common:common.deleteConfirm', { name: c.name })}
                  description={t('common:common.deleteConfirmHint')}
                  onConfirm={() => remove(`/cities/${c.id}`)}
                >
                  <Button type="link" size="small" danger>
                    {t('common:actions.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const columns: TableColumnsType<Region> = [
    { title: t('regionCode'), dataIndex: 'code', width: 160, sorter: (a, b) => a.code.localeCompare(b.code) },
    { title: t('regionName'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name) },
    {
      title: t('cities'),
      key: 'cities',
      render: (_, r) =>
        r.cities.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap>
            {r.cities.slice(0, 6).map((c) => (
              <Tag key={c.id}>{c.name}</Tag>
            ))}
            {r.cities.length > 6 ? <Tag>+{r.cities.length - 6}</Tag> : null}
          </Space>
        ),
    },
    ...(manage
      ? [
          {
            title: t('common:table.actions'),
            key: 'actions',
            width: 260,
            render: (_: unknown, r: Region) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setEditing({ kind: 'city', region: r })}>
                  {t('newCity')}
                </Button>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ kind: 'region', region: r })}>
                  {t('common:actions.edit')}
                </Button>
                <Popconfirm
                  title={t('common:common.deleteConfirm', { name: r.name })}
                  description={t('common:common.deleteConfirmHint')}
                  onConfirm={() => remove(`/regions/${r.id}`)}
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

  const flat = (regions.data ?? []).flatMap((r) =>
    r.cities.length ? r.cities.map((c) => ({ r, c: c as City | null })) : [{ r, c: null as City | null }],
  );

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        <>
          <ExportCsvButton
            filename={t('exportName')}
            rows={flat}
            columns={[
              { title: t('regionCode'), value: (x) => x.r.code },
              { title: t('regionName'), value: (x) => x.r.name },
              { title: t('cityCode'), value: (x) => x.c?.code },
              { title: t('cityName'), value: (x) => x.c?.name },
            ]}
          />
          {manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ kind: 'region' })}>
              {t('newRegion')}
            </Button>
          ) : null}
        </>
      }
    >
      <Space className="table-toolbar" wrap>
        <Input.Search allowClear placeholder={t('search')} aria-label={t('search')} onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} style={{ width: 280 }} />
        <Button icon={<ReloadOutlined />} onClick={() => void regions.refetch()} aria-label={t('common:actions.refresh')} />
      </Space>
      <Table<Region>
        rowKey="id"
        loading={regions.isFetching}
        dataSource={filtered}
        columns={columns}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common:table.total', { total: n }) }}
        expandable={{
          expandedRowRender: (r) =>
            r.cities.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noCities')} />
            ) : (
              <Table<City> rowKey="id" size="small" dataSource={r.cities} columns={cityColumns(r)} pagination={false} />
            ),
        }}
        scroll={{ x: 720 }}
      />

      <FormModal<RegionForm>
        open={editing?.kind === 'region'}
        name="region"
        title={editing?.kind === 'region' && editing.region ? t('editRegion') : t('newRegion')}
        form={regionForm}
        initialValues={editing?.kind === 'region' && editing.region ? { code: editing.region.code, name: editing.region.name } : {}}
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          const body = { code: v.code.trim(), name: v.name.trim() };
          if (editing?.kind === 'region' && editing.region) await api.patch(`/regions/${editing.region.id}`, body);
          else await api.post('/regions', body);
          await invalidate();
        }}
      >
        <Form.Item name="code" label={t('regionCode')} rules={codeRules(t, t('regionCode'))}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="name" label={t('regionName')} rules={nameRules(t, t('regionName'))}>
          <Input maxLength={64} />
        </Form.Item>
      </FormModal>

      <FormModal<CityForm>
        open={editing?.kind === 'city'}
        name="city"
        title={
          editing?.kind === 'city'
            ? `${editing.city ? t('editCity') : t('newCity')} · ${editing.region.name}`
            : ''
        }
        form={cityForm}
        initialValues={editing?.kind === 'city' && editing.city ? { code: editing.city.code, name: editing.city.name } : {}}
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          if (editing?.kind !== 'city') return;
          const body = { code: v.code.trim(), name: v.name.trim() };
          if (editing.city) await api.patch(`/cities/${editing.city.id}`, body);
          else await api.post('/cities', { regionId: editing.region.id, ...body });
          await invalidate();
        }}
      >
        <Form.Item name="code" label={t('cityCode')} rules={codeRules(t, t('cityCode'))}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="name" label={t('cityName')} rules={nameRules(t, t('cityName'))}>
          <Input maxLength={64} />
        </Form.Item>
      </FormModal>
    </PageContainer>
  );
}
