import { useMemo, useState } from 'react';
import { App, Button, Col, Dropdown, Form, Input, Row, Select, Space, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { byId, useAllStores, useCustomFields, useRoles, useStaffLevels } from '../../../app/lookups';
import { PageContainer } from '../../../app/components/PageContainer';
import { FormModal } from '../../../app/components/FormModal';
import { StatusTag } from '../../../app/components/StatusTag';
import {
  CustomFieldsFormItems,
  customFieldsFromForm,
  customFieldsToForm,
  type CustomFieldFormValues,
} from '../../../app/components/CustomFieldsFormItems';
import { ExportCsvButton, TableSearch, sortOrderOf, usePagination, useServerTable } from '../../../app/table';
import { formatDateTime } from '../../../app/format';
import { maxRule, nameRules, phoneRule, requiredRule } from '../../../app/validators';

interface Staff {
  id: string;
  username: string;
  name: string;
  phone: string | null;
  staffLevelId: string | null;
  homeStoreId: string | null;
  storeIds: string[];
  roleId: string;
  status: 'active' | 'disabled';
  lastLoginAt: string | null;
  customFields: Record<string, unknown>;
  createdAt: string;
}
type Filters = { q?: string; status?: string; storeId?: string; roleId?: string };

interface StaffForm {
  username: string;
  name: string;
  phone?: string;
  staffLevelId?: string;
  homeStoreId?: string;
  storeIds?: string[];
  roleId: string;
  password?: string;
  customFields?: CustomFieldFormValues;
}
interface ResetForm {
  newPassword: string;
  confirmPassword: string;
}

const USERNAME_RE = /^[A-Za-z0-9_.@-]{2,32}$/;

export default function StaffPage() {
  const { t } = useTranslation(['staff.staff', 'common']);
  const { can } = useAuth();
  const manage = can('staff.manage');
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const { stores } = useAllStores();
  const roles = useRoles();
  const levels = useStaffLevels();
  const customFields = useCustomFields('staff', manage);
  const storeMap = useMemo(() => byId(stores), [stores]);
  const roleMap = useMemo(() => byId(roles.data), [roles.data]);
  const levelMap = useMemo(() => byId(levels.data), [levels.data]);
  const table = useServerTable<Staff, Filters>('/staff', {});
  const pagination = usePagination(table.query.data?.total, table.state.page, table.state.pageSize);
  const [editing, setEditing] = useState<{ staff?: Staff } | null>(null);
  const [resetting, setResetting] = useState<Staff | null>(null);
  const [form] = Form.useForm<StaffForm>();
  const [resetForm] = Form.useForm<ResetForm>();

  const storeName = (id: string | null) => (id ? (storeMap.get(id)?.name ?? id) : '');
  const roleName = (id: string) => roleMap.get(id)?.name ?? id;
  const levelName = (id: string | null) => (id ? (levelMap.get(id)?.name ?? id) : '');
  const invalidate = () => qc.invalidateQueries({ queryKey: ['/staff'] });

  const setStatus = async (s: Staff, action: 'enable' | 'disable') => {
    try {
      await api.post(`/staff/${s.id}/${action}`);
      void message.success(action === 'enable' ? t('enabled') : t('disabledOk'));
      await invalidate();
    } catch (e) {
      showError(e);
    }
  };

  const columns: TableColumnsType<Staff> = [
    { title: t('username'), dataIndex: 'username', key: 'username', width: 140, sorter: true, sortOrder: sortOrderOf(table.state, 'username'), fixed: 'left' },
    { title: t('name'), dataIndex: 'name', key: 'name', width: 120, sorter: true, sortOrder: sortOrderOf(table.state, 'name') },
    { title: t('phone'), dataIndex: 'phone', key: 'phone', width: 130, render: (v: string | null) => v || '—' },
    { title: t('role'), dataIndex: 'roleId', key: 'roleId', width: 140, render: (id: string) => roleName(id) },
    { title: t('level'), dataIndex: 'staffLevelId', key: 'staffLevelId', width: 110, render: (id: string | null) => levelName(id) || '—' },
    { title: t('homeStore'), dataIndex: 'homeStoreId', key: 'homeStoreId', width: 150, render: (id: string | null) => storeName(id) || '—' },
    {
      title: t('stores'),
      dataIndex: 'storeIds',
      key: 'storeIds',
      width: 200,
      ellipsis: true,
      render: (ids: string[]) => ids.map(storeName).join(', ') || '—',
    },
    { title: t('status'), dataIndex: 'status', key: 'status', width: 90, render: (s: string) => <StatusTag status={s} /> },
    {
      title: t('lastLoginAt'),
      dataIndex: 'lastLoginAt',
      key: 'lastLoginAt',
      width: 170,
      sorter: true,
      sortOrder: sortOrderOf(table.state, 'lastLoginAt'),
      render: (v: string | null) => (v ? formatDateTime(v) : t('never')),
    },
    {
      title: t('common:common.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 170,
      sorter: true,
      sortOrder: sortOrderOf(table.state, 'createdAt'),
      render: (v: string) => formatDateTime(v),
    },
    ...(manage
      ? [
          {
            title: t('common:table.actions'),
            key: 'actions',
            width: 150,
            fixed: 'right' as const,
            render: (_: unknown, s: Staff) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ staff: s })}>
                  {t('common:actions.edit')}
                </Button>
                <Dropdown
                  trigger={['click']}
                  menu={{
                    items: [
                      { key: 'reset', label: t('resetPassword') },
                      s.status === 'active'
                        ? { key: 'disable', label: t('common:actions.disable'), danger: true }
                        : { key: 'enable', label: t('common:actions.enable') },
                    ],
                    onClick: ({ key }) => {
                      if (key === 'reset') setResetting(s);
                      if (key === 'enable') void setStatus(s, 'enable');
                      if (key === 'disable') {
                        modal.confirm({
                          title: t('disableConfirm', { name: s.name }),
                          okButtonProps: { danger: true },
                          okText: t('common:actions.disable'),
                          cancelText: t('common:actions.cancel'),
                          onOk: () => setStatus(s, 'disable'),
                        });
                      }
                    },
                  }}
                >
                  <Button type="link" size="small">
                    {t('common:actions.more')} <DownOutlined />
                  </Button>
                </Dropdown>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const editingStaff = editing?.staff;
  const storeOptions = stores.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }));

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        <>
          <ExportCsvButton<Staff>
            path="/staff"
            query={table.params}
            filename={t('exportName')}
            columns={[
              { title: t('username'), value: (s) => s.username },
              { title: t('name'), value: (s) => s.name },
              { title: t('phone'), value: (s) => s.phone },
              { title: t('role'), value: (s) => roleName(s.roleId) },
              { title: t('level'), value: (s) => levelName(s.staffLevelId) },
              { title: t('homeStore'), value: (s) => storeName(s.homeStoreId) },
              { title: t('stores'), value: (s) => s.storeIds.map(storeName).join('; ') },
              { title: t('status'), value: (s) => t(`common:status.${s.status}`) },
              { title: t('lastLoginAt'), value: (s) => formatDateTime(s.lastLoginAt) },
              { title: t('common:common.createdAt'), value: (s) => formatDateTime(s.createdAt) },
            ]}
          />
          {manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
              {t('newStaff')}
            </Button>
          ) : null}
        </>
      }
    >
      <Space className="table-toolbar" wrap>
        <TableSearch value={table.state.filters.q} onSearch={(q) => table.setFilters({ q })} placeholder={t('search')} width={240} />
        <Select
          allowClear
          aria-label={t('status')}
          placeholder={t('allStatuses')}
          style={{ width: 120 }}
          value={table.state.filters.status}
          onChange={(v) => table.setFilters({ status: v })}
          options={(['active', 'disabled'] as const).map((s) => ({ value: s, label: t(`common:status.${s}`) }))}
        />
        <Select
          allowClear
          aria-label={t('homeStore')}
          placeholder={t('allStores')}
          style={{ width: 180 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={table.state.filters.storeId}
          onChange={(v) => table.setFilters({ storeId: v })}
          options={storeOptions}
        />
        <Select
          allowClear
          aria-label={t('role')}
          placeholder={t('allRoles')}
          style={{ width: 160 }}
          value={table.state.filters.roleId}
          onChange={(v) => table.setFilters({ roleId: v })}
          options={(roles.data ?? []).map((r) => ({ value: r.id, label: `${r.name} (${r.code})` }))}
        />
        <Button onClick={table.resetFilters}>
          {t('common:actions.reset')}
        </Button>
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void table.query.refetch()} />
      </Space>
      <Table<Staff>
        rowKey="id"
        columns={columns}
        dataSource={table.query.data?.items ?? []}
        loading={table.query.isFetching}
        pagination={pagination}
        onChange={table.onChange}
        scroll={{ x: 1500 }}
      />

      <FormModal<StaffForm>
        open={!!editing}
        name="staff"
        width={680}
        title={editingStaff ? t('editStaff') : t('newStaff')}
        form={form}
        initialValues={
          editingStaff
            ? {
                username: editingStaff.username,
                name: editingStaff.name,
                phone: editingStaff.phone ?? '',
                staffLevelId: editingStaff.staffLevelId ?? undefined,
                homeStoreId: editingStaff.homeStoreId ?? undefined,
                storeIds: editingStaff.storeIds,
                roleId: editingStaff.roleId,
                customFields: customFieldsToForm(editingStaff.customFields, customFields.data),
              }
            : { storeIds: [] }
        }
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          const common = {
            name: v.name.trim(),
            phone: v.phone?.trim() ? v.phone.trim() : null,
            staffLevelId: v.staffLevelId ?? null,
            homeStoreId: v.homeStoreId ?? null,
            storeIds: Array.from(new Set([...(v.homeStoreId ? [v.homeStoreId] : []), ...(v.storeIds ?? [])])),
            roleId: v.roleId,
            customFields: customFieldsFromForm(v.customFields, customFields.data),
          };
          if (editingStaff) await api.patch(`/staff/${editingStaff.id}`, common);
          else await api.post('/staff', { username: v.username.trim(), password: v.password ?? '', ...common });
          await invalidate();
        }}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="username"
              label={t('username')}
              rules={
                editingStaff
                  ? []
                  : [requiredRule(t, t('username')), { pattern: USERNAME_RE, message: t('usernameInvalid') }]
              }
            >
              <Input maxLength={32} disabled={!!editingStaff} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('name')} rules={nameRules(t, t('name'))}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('phone')} rules={[phoneRule(t), maxRule(t, t('phone'), 32)]}>
              <Input maxLength={32} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="staffLevelId" label={t('level')}>
              <Select allowClear options={(levels.data ?? []).map((l) => ({ value: l.id, label: l.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="roleId" label={t('role')} rules={[requiredRule(t, t('role'), true)]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={(roles.data ?? []).map((r) => ({ value: r.id, label: `${r.name} (${r.code})`, 'data-testid': `role-option-${r.code}` }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="homeStoreId" label={t('homeStore')}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={storeOptions} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="storeIds" label={t('stores')} tooltip={t('storesHelp')}>
              <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={storeOptions} />
            </Form.Item>
          </Col>
          {!editingStaff ? (
            <Col xs={24} sm={12}>
              <Form.Item name="password" label={t('password')} rules={[requiredRule(t, t('password'))]}>
                <Input.Password autoComplete="new-password" maxLength={128} />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
        <CustomFieldsFormItems fields={customFields.data} />
      </FormModal>

      <FormModal<ResetForm>
        open={!!resetting}
        name="reset-password"
        title={t('resetPasswordTitle', { name: resetting?.name ?? '' })}
        form={resetForm}
        successText={t('resetDone')}
        onClose={() => setResetting(null)}
        onSubmit={async (v) => {
          if (!resetting) return;
          await api.post(`/staff/${resetting.id}/reset-password`, { newPassword: v.newPassword });
        }}
      >
        <Form.Item name="newPassword" label={t('newPassword')} rules={[requiredRule(t, t('newPassword'))]}>
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            requiredRule(t, t('confirmPassword')),
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('common:validation.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      </FormModal>
    </PageContainer>
  );
}
