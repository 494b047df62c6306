import { useState } from 'react';
import { App, Button, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Table, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, InboxOutlined, PlusOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useApiError } from '../../../app/errors';
import { lookupKeys, useCustomFields, type CustomField, type CustomFieldEntity, type CustomFieldType } from '../../../app/lookups';
import { PageContainer } from '../../../app/components/PageContainer';
import { FormModal } from '../../../app/components/FormModal';
import { nameRules, requiredRule } from '../../../app/validators';

const ENTITIES: CustomFieldEntity[] = ['member', 'staff', 'product'];
const TYPES: CustomFieldType[] = ['text', 'number', 'date', 'single', 'multi'];
const KEY_RE = /^[a-z][a-z0-9_]{0,31}$/;
const isChoice = (type: CustomFieldType | undefined) => type === 'single' || type === 'multi';

interface FieldForm {
  key: string;
  label: string;
  type: CustomFieldType;
  options?: string[];
  required: boolean;
  sort: number;
}

function FieldsTable({ entity }: { entity: CustomFieldEntity }) {
  const { t } = useTranslation(['system.custom-fields', 'common']);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const fields = useCustomFields(entity);
  const [editing, setEditing] = useState<{ field?: CustomField } | null>(null);
  const [form] = Form.useForm<FieldForm>();
  const type = Form.useWatch('type', form);
  const invalidate = () => qc.invalidateQueries({ queryKey: lookupKeys.customFields(entity) });

  const setStatus = async (f: CustomField, status: CustomField['status']) => {
    try {
      await api.patch(`/custom-fields/${f.id}`, { status });
      void message.success(status === 'archived' ? t('archived') : t('restored'));
      await invalidate();
    } catch (e) {
      showError(e);
    }
  };

  const columns: TableColumnsType<CustomField> = [
    { title: t('sort'), dataIndex: 'sort', key: 'sort', width: 70 },
    { title: t('key'), dataIndex: 'key', key: 'key', width: 140, render: (v: string) => <code>{v}</code> },
    { title: t('label'), dataIndex: 'label', key: 'label', width: 160 },
    { title: t('type'), dataIndex: 'type', key: 'type', width: 100, render: (v: CustomFieldType) => t(`types.${v}`) },
    {
      title: t('options'),
      dataIndex: 'options',
      key: 'options',
      ellipsis: true,
      render: (opts: string[]) => (opts.length ? opts.map((o) => <Tag key={o}>{o}</Tag>) : '—'),
    },
    { title: t('required'), dataIndex: 'required', key: 'required', width: 80, render: (v: boolean) => (v ? t('common:common.yes') : t('common:common.no')) },
    {
      title: t('status'),
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (s: CustomField['status']) => <Tag color={s === 'active' ? 'success' : 'default'}>{t(`statuses.${s}`)}</Tag>,
    },
    {
      title: t('common:table.actions'),
      key: 'actions',
      width: 170,
      render: (_: unknown, f: CustomField) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ field: f })}>
            {t('common:actions.edit')}
          </Button>
          {f.status === 'active' ? (
            <Button type="link" size="small" danger icon={<InboxOutlined />} onClick={() => void setStatus(f, 'archived')}>
              {t('archive')}
            </Button>
          ) : (
            <Button type="link" size="small" icon={<RollbackOutlined />} onClick={() => void setStatus(f, 'active')}>
              {t('restore')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const fd = editing?.field;
  return (
    <>
      <Space className="table-toolbar" wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid={`custom-field-new-${entity}`}>
          {t('newField')}
        </Button>
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void fields.refetch()} />
      </Space>
      <Table<CustomField> rowKey="id" columns={columns} dataSource={fields.data ?? []} loading={fields.isFetching} pagination={false} scroll={{ x: 900 }} />
      <FormModal<FieldForm>
        open={!!editing}
        name={`custom-field-${entity}`}
        title={fd ? t('editField') : t('newField')}
        form={form}
        initialValues={
          fd
            ? { key: fd.key, label: fd.label, type: fd.type, options: fd.options, required: fd.required, sort: fd.sort }
            : { type: 'text', options: [], required: false, sort: ((fields.data ?? []).reduce((m, f) => Math.max(m, f.sort), 0) || 0) + 1 }
        }
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          const options = isChoice(v.type) ? (v.options ?? []).map((o) => o.trim()).filter(Boolean) : [];
          if (fd) {
            await api.patch(`/custom-fields/${fd.id}`, { label: v.label.trim(), required: v.required, sort: v.sort, ...(isChoice(fd.type) ? { options } : {}) });
          } else {
            await api.post('/custom-fields', { entity, key: v.key.trim(), label: v.label.trim(), type: v.type, options, required: v.required, sort: v.sort });
          }
          await invalidate();
        }}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="key"
              label={t('key')}
              tooltip={t('keyHelp')}
              rules={fd ? [] : [requiredRule(t, t('key')), { pattern: KEY_RE, message: t('keyInvalid') }]}
            >
              <Input maxLength={32} disabled={!!fd} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="label" label={t('label')} rules={nameRules(t, t('label'))}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="type" label={t('type')} rules={[requiredRule(t, t('type'), true)]}>
              <Select disabled={!!fd} options={TYPES.map((x) => ({ value: x, label: t(`types.${x}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="sort" label={t('sort')} tooltip={t('sortHelp')}>
              <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {isChoice(type) ? (
            <Col span={24}>
              <Form.Item
                name="options"
                label={t('options')}
                tooltip={t('optionsHelp')}
                rules={[
                  {
                    validator: (_, v: string[] | undefined) =>
                      (v ?? []).length > 0 ? Promise.resolve() : Promise.reject(new Error(t('optionsRequired'))),
                  },
                ]}
              >
                <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，']} />
              </Form.Item>
            </Col>
          ) : null}
          <Col span={24}>
            <Form.Item name="required" label={t('required')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </FormModal>
    </>
  );
}

export default function CustomFieldsPage() {
  const { t } = useTranslation(['system.custom-fields', 'common']);
  return (
    <PageContainer title={t('title')} subTitle={t('subtitle')}>
      <Tabs items={ENTITIES.map((e) => ({ key: e, label: t(`entities.${e}`), children: <FieldsTable entity={e} /> }))} />
    </PageContainer>
  );
}
