import { useMemo, useState } from 'react';
import { App, Button, Col, Form, Input, InputNumber, Row, Select, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, InboxOutlined, PlusOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { byId, lookupKeys, useCardTypes, useMemberLevels, type AnnualFeeMode, type CardType, type ValidityKind } from '../../../app/lookups';
import { PageContainer } from '../../../app/components/PageContainer';
import { ArchivedFilter } from '../../../app/components/ArchivedFilter';
import { FormModal } from '../../../app/components/FormModal';
import { fenToYuan, formatFen, yuanToFen } from '../../../app/money';
import { codeRules, moneyRule, nameRules, requiredRule } from '../../../app/validators';

const VALIDITY: ValidityKind[] = ['permanent', 'days', 'month', 'quarter', 'year'];
const FEE_MODES: AnnualFeeMode[] = ['none', 'deduct', 'block'];

interface CardTypeForm {
  code: string;
  name: string;
  validityKind: ValidityKind;
  validityDays?: number | null;
  cardFee: string;
  openingFee: string;
  annualFee: string;
  annualFeeMode: AnnualFeeMode;
  startingLevelId?: string | null;
}

export default function CardTypesPage() {
  const { t } = useTranslation(['members.card-types', 'common']);
  const { can } = useAuth();
  const manage = can('members.card_types.manage');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const types = useCardTypes();
  const levels = useMemberLevels();
  const levelMap = useMemo(() => byId(levels.data), [levels.data]);
  const [editing, setEditing] = useState<{ type?: CardType } | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const [form] = Form.useForm<CardTypeForm>();
  const kind = Form.useWatch('validityKind', form);
  const invalidate = () => qc.invalidateQueries({ queryKey: lookupKeys.cardTypes });

  const validityText = (c: CardType) => (c.validityKind === 'days' ? t('validityDaysText', { days: c.validityDays ?? 0 }) : t(`validity.${c.validityKind}`));

  const setStatus = async (c: CardType, status: CardType['status']) => {
    try {
      await api.patch(`/card-types/${c.id}`, { status });
      void message.success(status === 'archived' ? t('archived') : t('restored'));
      await invalidate();
    } catch (e) {
      showError(e);
    }
  };

  const columns: TableColumnsType<CardType> = [
    { title: t('code'), dataIndex: 'code', key: 'code', width: 110 },
    { title: t('name'), dataIndex: 'name', key: 'name', width: 140 },
    { title: t('validityKind'), key: 'validity', width: 110, render: (_, c) => validityText(c) },
    { title: t('cardFee'), dataIndex: 'cardFeeFen', key: 'cardFeeFen', width: 100, align: 'right', render: (v: number) => formatFen(v) },
    { title: t('openingFee'), dataIndex: 'openingFeeFen', key: 'openingFeeFen', width: 100, align: 'right', render: (v: number) => formatFen(v) },
    { title: t('annualFee'), dataIndex: 'annualFeeFen', key: 'annualFeeFen', width: 100, align: 'right', render: (v: number) => formatFen(v) },
    { title: t('annualFeeMode'), dataIndex: 'annualFeeMode', key: 'annualFeeMode', width: 130, render: (v: AnnualFeeMode) => t(`feeModes.${v}`) },
    {
      title: t('startingLevel'),
      dataIndex: 'startingLevelId',
      key: 'startingLevelId',
      width: 120,
      render: (id: string | null) => (id ? (levelMap.get(id)?.name ?? '—') : t('noStartingLevel')),
    },
    {
      title: t('status'),
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (s: CardType['status']) => <Tag color={s === 'active' ? 'success' : 'default'}>{t(`statuses.${s}`)}</Tag>,
    },
    ...(manage
      ? [
          {
            title: t('common:table.actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, c: CardType) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ type: c })}>
                  {t('common:actions.edit')}
                </Button>
                {c.status === 'active' ? (
                  <Button type="link" size="small" danger icon={<InboxOutlined />} onClick={() => void setStatus(c, 'archived')}>
                    {t('archive')}
                  </Button>
                ) : (
                  <Button type="link" size="small" icon={<RollbackOutlined />} onClick={() => void setStatus(c, 'active')}>
                    {t('restore')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const ct = editing?.type;
  const initial: Partial<CardTypeForm> = ct
    ? {
        code: ct.code,
        name: ct.name,
        validityKind: ct.validityKind,
        validityDays: ct.validityDays,
        cardFee: fenToYuan(ct.cardFeeFen),
        openingFee: fenToYuan(ct.openingFeeFen),
        annualFee: fenToYuan(ct.annualFeeFen),
        annualFeeMode: ct.annualFeeMode,
        startingLevelId: ct.startingLevelId,
      }
    : { validityKind: 'permanent', cardFee: '0', openingFee: '0', annualFee: '0', annualFeeMode: 'none', startingLevelId: null };

  const feeRules = (label: string) => [requiredRule(t, label), moneyRule(t)];
  const rows = (types.data ?? []).filter((c) => showArchived || c.status === 'active');

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        manage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
            {t('newType')}
          </Button>
        ) : null
      }
    >
      <Space className="table-toolbar" wrap>
        <ArchivedFilter showArchived={showArchived} onChange={setShowArchived} texts={{ label: t('status'), onlyActive: t('onlyActive'), includeArchived: t('includeArchived') }} />
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void types.refetch()} />
      </Space>
      <Table<CardType> rowKey="id" columns={columns} dataSource={rows} loading={types.isFetching} pagination={false} scroll={{ x: 1200 }} />
      <FormModal<CardTypeForm>
        open={!!editing}
        name="card-type"
        width={640}
        title={ct ? t('editType') : t('newType')}
        form={form}
        initialValues={initial}
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          const body = {
            name: v.name.trim(),
            validityKind: v.validityKind,
            validityDays: v.validityKind === 'days' ? (v.validityDays ?? null) : null,
            cardFeeFen: yuanToFen(v.cardFee) ?? 0,
            openingFeeFen: yuanToFen(v.openingFee) ?? 0,
            annualFeeFen: yuanToFen(v.annualFee) ?? 0,
            annualFeeMode: v.annualFeeMode,
            startingLevelId: v.startingLevelId ?? null,
          };
          if (ct) await api.patch(`/card-types/${ct.id}`, body);
          else await api.post('/card-types', { code: v.code.trim(), ...body });
          await invalidate();
        }}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="code" label={t('code')} rules={ct ? [] : codeRules(t, t('code'))}>
              <Input maxLength={32} disabled={!!ct} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('name')} rules={nameRules(t, t('name'))}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="validityKind" label={t('validityKind')} rules={[requiredRule(t, t('validityKind'), true)]}>
              <Select options={VALIDITY.map((k) => ({ value: k, label: t(`validity.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            {kind === 'days' ? (
              <Form.Item name="validityDays" label={t('validityDays')} rules={[requiredRule(t, t('validityDays'), true)]}>
                <InputNumber min={1} max={36500} precision={0} style={{ width: '100%' }} suffix={t('daysUnit')} />
              </Form.Item>
            ) : null}
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="cardFee" label={t('cardFee')} tooltip={t('cardFeeHelp')} rules={feeRules(t('cardFee'))}>
              <Input prefix="¥" inputMode="decimal" maxLength={16} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="openingFee" label={t('openingFee')} tooltip={t('openingFeeHelp')} rules={feeRules(t('openingFee'))}>
              <Input prefix="¥" inputMode="decimal" maxLength={16} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="annualFee" label={t('annualFee')} rules={feeRules(t('annualFee'))}>
              <Input prefix="¥" inputMode="decimal" maxLength={16} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="annualFeeMode" label={t('annualFeeMode')} rules={[requiredRule(t, t('annualFeeMode'), true)]}>
              <Select options={FEE_MODES.map((m) => ({ value: m, label: t(`feeModes.${m}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="startingLevelId" label={t('startingLevel')} tooltip={t('startingLevelHelp')}>
              <Select
                allowClear
                placeholder={t('noStartingLevel')}
                options={[...(levels.data ?? [])].sort((a, b) => a.rank - b.rank).map((l) => ({ value: l.id, label: l.name }))}
              />
            </Form.Item>
          </Col>
        </Row>
      </FormModal>
    </PageContainer>
  );
}
