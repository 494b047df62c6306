import { useState } from 'react';
import { App, Button, Col, Form, Input, InputNumber, Row, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { lookupKeys, useMemberLevels, useMemberProgram, type LevelBasis, type MemberLevel } from '../../../app/lookups';
import { PageContainer } from '../../../app/components/PageContainer';
import { FormModal } from '../../../app/components/FormModal';
import { bpToMultiplier, bpToZhe, fenToYuan, formatFen, multiplierToBp, yuanToFen, zheToBp } from '../../../app/money';
import { formatNumber } from '../../../app/format';
import { codeRules, moneyRule, multiplierRule, nameRules, requiredRule, zheRule } from '../../../app/validators';

const BASES: LevelBasis[] = ['spend', 'points', 'topup'];

interface LevelFormValues {
  code: string;
  name: string;
  rank: number;
  discount?: string;
  multiplier: string;
  threshold: string;
  keepThreshold?: string;
}

export default function LevelsPage() {
  const { t } = useTranslation(['members.levels', 'common']);
  const { can } = useAuth();
  const manage = can('members.levels.manage');
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const levels = useMemberLevels();
  const program = useMemberProgram();
  const basis: LevelBasis = program.data?.levelBasis ?? 'spend';
  const byPoints = basis === 'points';
  const [editing, setEditing] = useState<{ level?: MemberLevel } | null>(null);
  const [savingBasis, setSavingBasis] = useState(false);
  const [form] = Form.useForm<LevelFormValues>();

  const thresholdText = (v: number) => (byPoints ? t('points', { value: formatNumber(v) }) : formatFen(v));
  const discountText = (bp: number) => (bp >= 10000 ? t('noDiscount') : t('zhe', { zhe: bpToZhe(bp) }));
  const invalidate = () => qc.invalidateQueries({ queryKey: lookupKeys.memberLevels });

  const setBasis = async (levelBasis: LevelBasis) => {
    setSavingBasis(true);
    try {
      await api.put('/member-program', { levelBasis });
      await qc.invalidateQueries({ queryKey: lookupKeys.memberProgram });
      void message.success(t('basisSaved'));
    } catch (e) {
      showError(e);
    } finally {
      setSavingBasis(false);
    }
  };

  const remove = (l: MemberLevel) =>
    modal.confirm({
      title: t('common:common.deleteConfirm', { name: l.name }),
      content: t('common:common.deleteConfirmHint'),
      okButtonProps: { danger: true },
      okText: t('common:actions.delete'),
      cancelText: t('common:actions.cancel'),
      onOk: async () => {
        try {
          await api.delete(`/member-levels/${l.id}`);
          void message.success(t('common:common.deleted'));
          await invalidate();
        } catch (e) {
          showError(e);
        }
      },
    });

  const columns: TableColumnsType<MemberLevel> = [
    { title: t('rank'), dataIndex: 'rank', key: 'rank', width: 70 },
    { title: t('code'), dataIndex: 'code', key: 'code', width: 120 },
    { title: t('name'), dataIndex: 'name', key: 'name', width: 140 },
    { title: t('discount'), dataIndex: 'discountBp', key: 'discountBp', width: 100, render: (bp: number) => discountText(bp) },
    { title: t('multiplier'), dataIndex: 'pointsMultiplierBp', key: 'pointsMultiplierBp', width: 100, render: (bp: number) => `${bpToMultiplier(bp)}×` },
    { title: t(`threshold.${basis}`), dataIndex: 'upgradeThreshold', key: 'upgradeThreshold', width: 160, align: 'right', render: (v: number) => thresholdText(v) },
    {
      title: t('keepThreshold'),
      dataIndex: 'keepThresholdFen',
      key: 'keepThresholdFen',
      width: 160,
      align: 'right',
      render: (v: number | null) => (v === null ? t('noKeep') : formatFen(v)),
    },
    { title: t('memberCount'), dataIndex: 'memberCount', key: 'memberCount', width: 100, align: 'right', render: (v: number) => formatNumber(v) },
    ...(manage
      ? [
          {
            title: t('common:table.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, l: MemberLevel) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ level: l })}>
                  {t('common:actions.edit')}
                </Button>
                <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(l)}>
                  {t('common:actions.delete')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const lv = editing?.level;
  const initial: Partial<LevelFormValues> = lv
    ? {
        code: lv.code,
        name: lv.name,
        rank: lv.rank,
        discount: lv.discountBp >= 10000 ? '' : bpToZhe(lv.discountBp),
        multiplier: bpToMultiplier(lv.pointsMultiplierBp),
        threshold: byPoints ? String(lv.upgradeThreshold) : fenToYuan(lv.upgradeThreshold),
        keepThreshold: lv.keepThresholdFen === null ? '' : fenToYuan(lv.keepThresholdFen),
      }
    : { rank: (levels.data ?? []).reduce((m, l) => Math.max(m, l.rank + 1), 0), multiplier: '1', threshold: '0' };

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        manage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
            {t('newLevel')}
          </Button>
        ) : null
      }
    >
      <Space className="table-toolbar" wrap>
        <Typography.Text>{t('basis')}</Typography.Text>
        <Select
          aria-label={t('basis')}
          data-testid="level-basis"
          style={{ width: 200 }}
          value={program.data?.levelBasis}
          loading={program.isPending || savingBasis}
          disabled={!manage || savingBasis}
          onChange={(v) => void setBasis(v)}
          options={BASES.map((b) => ({ value: b, label: t(`bases.${b}`) }))}
        />
        <Typography.Text type="secondary">{t('basisHelp')}</Typography.Text>
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void levels.refetch()} />
      </Space>
      <Table<MemberLevel>
        rowKey="id"
        columns={columns}
        dataSource={[...(levels.data ?? [])].sort((a, b) => a.rank - b.rank)}
        loading={levels.isFetching}
        pagination={false}
        scroll={{ x: 1100 }}
      />
      <FormModal<LevelFormValues>
        open={!!editing}
        name="member-level"
        width={640}
        title={lv ? t('editLevel') : t('newLevel')}
        form={form}
        initialValues={initial}
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          const body = {
            code: v.code.trim(),
            name: v.name.trim(),
            rank: v.rank,
            discountBp: v.discount?.trim() ? (zheToBp(v.discount) ?? 10000) : 10000,
            pointsMultiplierBp: multiplierToBp(v.multiplier) ?? 10000,
            upgradeThreshold: byPoints ? Number(v.threshold.trim()) : (yuanToFen(v.threshold) ?? 0),
            keepThresholdFen: v.keepThreshold?.trim() ? yuanToFen(v.keepThreshold) : null,
          };
          if (lv) await api.patch(`/member-levels/${lv.id}`, body);
          else await api.post('/member-levels', body);
          await invalidate();
        }}
      >
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
          <Col xs={24} sm={12}>
            <Form.Item name="rank" label={t('rank')} tooltip={t('rankHelp')} rules={[requiredRule(t, t('rank'), true)]}>
              <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="discount"
              label={t('discount')}
              tooltip={t('discountHelp')}
              rules={[zheRule(t('discountInvalid'))]}
            >
              <Input suffix={t('zheSuffix')} placeholder={t('noDiscount')} inputMode="decimal" maxLength={5} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="multiplier"
              label={t('multiplier')}
              tooltip={t('multiplierHelp')}
              rules={[requiredRule(t, t('multiplier')), multiplierRule(t('multiplierInvalid'))]}
            >
              <Input suffix="×" inputMode="decimal" maxLength={8} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="threshold"
              label={t(`threshold.${basis}`)}
              tooltip={t('thresholdHelp')}
              rules={[
                requiredRule(t, t(`threshold.${basis}`)),
                byPoints ? { pattern: /^\d{1,12}$/, message: t('common:validation.integer') } : moneyRule(t),
              ]}
            >
              <Input prefix={byPoints ? undefined : '¥'} suffix={byPoints ? t('pointsUnit') : undefined} inputMode="decimal" maxLength={16} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="keepThreshold" label={t('keepThreshold')} tooltip={t('keepThresholdHelp')} rules={[moneyRule(t)]}>
              <Input prefix="¥" inputMode="decimal" placeholder={t('noKeep')} maxLength={16} />
            </Form.Item>
          </Col>
        </Row>
      </FormModal>
    </PageContainer>
  );
}
