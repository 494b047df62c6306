import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Col, Drawer, Row, Form, Input, Popconfirm, Radio, Select, Space, Table, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { byId, lookupKeys, useAllStores, useRegions } from '../../../app/lookups';
import { PageContainer } from '../../../app/components/PageContainer';
import { ExportCsvButton } from '../../../app/table';
import { bpToPercentOff, bpToZhe, zheToBp } from '../../../app/money';
import { codeRules, maxRule, nameRules, requiredRule, zheRule } from '../../../app/validators';
import { PermissionTree, type PermissionGroup } from './PermissionTree';

type DataScope = 'all' | 'regions' | 'stores' | 'own_store';
const SCOPES: DataScope[] = ['all', 'regions', 'stores', 'own_store'];

export interface Role {
  id: string;
  code: string;
  name: string;
  description: string;
  isSystem: boolean;
  dataScope: DataScope;
  scopeIds: string[];
  permissions: string[];
  maxDiscountBp: number | null;
  staffCount: number;
}

interface RoleForm {
  code: string;
  name: string;
  description?: string;
  dataScope: DataScope;
  scopeIds?: string[];
  permissions: string[];
  maxDiscount?: string;
}

function discountLimitText(t: TFunction, bp: number | null) {
  if (bp === null) return t('noLimit');
  return t('zhe', { zhe: bpToZhe(bp), pct: bpToPercentOff(bp) });
}

export default function RolesPage() {
  const { t } = useTranslation(['staff.roles', 'common']);
  const { can } = useAuth();
  const manage = can('staff.roles.manage');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const regions = useRegions();
  const { stores } = useAllStores();
  const regionMap = useMemo(() => byId(regions.data), [regions.data]);
  const storeMap = useMemo(() => byId(stores), [stores]);
  const [editing, setEditing] = useState<{ role?: Role } | null>(null);
  const [form] = Form.useForm<RoleForm>();
  const [busy, setBusy] = useState(false);
  const scope = Form.useWatch('dataScope', form);

  const roles = useQuery({
    queryKey: lookupKeys.roles,
    queryFn: () => api.get<{ items: Role[] }>('/roles').then((r) => r.items),
  });
  const perms = useQuery({
    queryKey: ['permissions'],
    queryFn: () => api.get<{ groups: PermissionGroup[] }>('/permissions').then((r) => r.groups),
    staleTime: 5 * 60_000,
  });
  const permName = useMemo(
    () => new Map((perms.data ?? []).flatMap((g) => g.permissions.map((p) => [p.code, p.name] as const))),
    [perms.data],
  );

  const readOnly = !manage || !!editing?.role?.isSystem;

  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    const r = editing.role;
    form.setFieldsValue(
      r
        ? {
            code: r.code,
            name: r.name,
            description: r.description,
            dataScope: r.dataScope,
            scopeIds: r.scopeIds,
            // the system (administrator) role holds every permission implicitly
            permissions: r.isSystem ? (perms.data ?? []).flatMap((g) => g.permissions.map((p) => p.code)) : r.permissions,
            maxDiscount: r.maxDiscountBp === null ? '' : bpToZhe(r.maxDiscountBp),
          }
        : { dataScope: 'own_store', scopeIds: [], permissions: [], description: '', maxDiscount: '' },
    );
  }, [editing, form, perms.data]);

  const scopeText = (r: Role) => {
    const base = t(`scopes.${r.dataScope}`);
    if (r.dataScope === 'regions') return `${base}: ${r.scopeIds.map((id) => regionMap.get(id)?.name ?? id).join(', ')}`;
    if (r.dataScope === 'stores') return `${base}: ${r.scopeIds.map((id) => storeMap.get(id)?.name ?? id).join(', ')}`;
    return base;
  };

  const remove = async (r: Role) => {
    try {
      await api.delete(`/roles/${r.id}`);
      void message.success(t('common:common.deleted'));
      await qc.invalidateQueries({ queryKey: lookupKeys.roles });
    } catch (e) {
      showError(e);
    }
  };

  const save = async () => {
    let v: RoleForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body = {
      code: v.code.trim(),
      name: v.name.trim(),
      description: v.description?.trim() ?? '',
      dataScope: v.dataScope,
      scopeIds: v.dataScope === 'regions' || v.dataScope === 'stores' ? (v.scopeIds ?? []) : [],
      permissions: v.permissions ?? [],
      maxDiscountBp: v.maxDiscount && v.maxDiscount.trim() ? zheToBp(v.maxDiscount) : null,
    };
    setBusy(true);
    try {
      if (editing?.role) await api.patch(`/roles/${editing.role.id}`, body);
      else await api.post('/roles', body);
      void message.success(t('common:common.saved'));
      await qc.invalidateQueries({ queryKey: lookupKeys.roles });
      setEditing(null);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<Role> = [
    { title: t('code'), dataIndex: 'code', width: 140, sorter: (a, b) => a.code.localeCompare(b.code) },
    {
      title: t('name'),
      dataIndex: 'name',
      width: 180,
      sorter: (a, b) => a.name.localeCompare(b.name),
      render: (n: string, r) => (
        <Space size={4}>
          {n}
          {r.isSystem ? <Tag color="gold">{t('system')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('dataScope'), key: 'dataScope', width: 220, ellipsis: true, render: (_, r) => scopeText(r) },
    { title: t('permissionCount'), key: 'perms', width: 100, align: 'right', render: (_, r) => (r.isSystem ? t('common:common.all') : r.permissions.length) },
    { title: t('maxDiscount'), key: 'maxDiscount', width: 130, render: (_, r) => discountLimitText(t, r.maxDiscountBp) },
    { title: t('staffCount'), dataIndex: 'staffCount', width: 90, align: 'right', sorter: (a, b) => a.staffCount - b.staffCount },
    { title: t('description'), dataIndex: 'description', ellipsis: true, render: (v: string) => v || '—' },
    {
      title: t('common:table.actions'),
      key: 'actions',
      width: 170,
      fixed: 'right',
      render: (_, r) => (
        <Space size={0}>
          {manage && !r.isSystem ? (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ role: r })}>
              {t('common:actions.edit')}
            </Button>
          ) : (
            <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setEditing({ role: r })}>
              {t('common:actions.view')}
            </Button>
          )}
          {manage && !r.isSystem ? (
            r.staffCount > 0 ? (
              <Tooltip title={t('deleteDisabled')}>
                <Button type="link" size="small" danger disabled icon={<DeleteOutlined />}>
                  {t('common:actions.delete')}
                </Button>
              </Tooltip>
            ) : (
              <Popconfirm
                title={t('common:common.deleteConfirm', { name: r.name })}
                description={t('common:common.deleteConfirmHint')}
                onConfirm={() => remove(r)}
              >
                <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                  {t('common:actions.delete')}
                </Button>
              </Popconfirm>
            )
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        <>
          <ExportCsvButton<Role>
            rows={roles.data ?? []}
            filename={t('exportName')}
            columns={[
              { title: t('code'), value: (r) => r.code },
              { title: t('name'), value: (r) => r.name },
              { title: t('system'), value: (r) => (r.isSystem ? t('common:common.yes') : t('common:common.no')) },
              { title: t('dataScope'), value: (r) => scopeText(r) },
              { title: t('permissions'), value: (r) => (r.isSystem ? t('common:common.all') : r.permissions.map((p) => permName.get(p) ?? p).join('; ')) },
              { title: t('maxDiscount'), value: (r) => discountLimitText(t, r.maxDiscountBp) },
              { title: t('staffCount'), value: (r) => r.staffCount },
              { title: t('description'), value: (r) => r.description },
            ]}
          />
          <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void roles.refetch()} />
          {manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
              {t('newRole')}
            </Button>
          ) : null}
        </>
      }
    >
      <Table<Role>
        rowKey="id"
        columns={columns}
        dataSource={roles.data ?? []}
        loading={roles.isFetching}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1100 }}
      />
      <Drawer
        open={!!editing}
        size={640}
        title={editing?.role ? (readOnly ? t('viewRole') : t('editRole')) : t('newRole')}
        onClose={() => setEditing(null)}
        destroyOnHidden={false}
        forceRender
        footer={
          <Space style={{ float: 'right' }}>
            <Button onClick={() => setEditing(null)}>{readOnly ? t('common:actions.close') : t('common:actions.cancel')}</Button>
            {!readOnly ? (
              <Button type="primary" loading={busy} onClick={save}>
                {t('common:actions.save')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {editing?.role?.isSystem ? <Alert type="info" showIcon title={t('systemReadOnly')} style={{ marginBottom: 16 }} /> : null}
        <Form form={form} layout="vertical" name="role" disabled={readOnly} onFinish={save}>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="code" label={t('code')} rules={codeRules(t, t('code'))}>
                <Input maxLength={32} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="name" label={t('name')} rules={nameRules(t, t('name'))}>
                <Input maxLength={64} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label={t('description')} rules={[maxRule(t, t('description'), 200)]}>
            <Input.TextArea rows={2} maxLength={200} showCount />
          </Form.Item>
          <Form.Item name="dataScope" label={t('dataScope')} rules={[requiredRule(t, t('dataScope'), true)]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={SCOPES.map((s) => ({ value: s, label: t(`scopes.${s}`) }))}
              onChange={() => form.setFieldValue('scopeIds', [])}
            />
          </Form.Item>
          {scope === 'regions' ? (
            <Form.Item name="scopeIds" label={t('scopeRegions')} rules={[{ ...requiredRule(t, t('scopeRegions'), true), type: 'array', min: 1 }]}>
              <Select
                mode="multiple"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={(regions.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
              />
            </Form.Item>
          ) : null}
          {scope === 'stores' ? (
            <Form.Item name="scopeIds" label={t('scopeStores')} rules={[{ ...requiredRule(t, t('scopeStores'), true), type: 'array', min: 1 }]}>
              <Select
                mode="multiple"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={stores.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
              />
            </Form.Item>
          ) : null}
          <Form.Item
            name="maxDiscount"
            label={t('maxDiscount')}
            tooltip={t('maxDiscountHelp')}
            rules={[zheRule(t('discountInvalid'))]}
          >
            <Input suffix={t('zheSuffix')} placeholder={t('noLimit')} inputMode="decimal" maxLength={5} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="permissions" label={t('permissions')}>
            <PermissionTree groups={perms.data ?? []} disabled={readOnly} />
          </Form.Item>
        </Form>
      </Drawer>
    </PageContainer>
  );
}
