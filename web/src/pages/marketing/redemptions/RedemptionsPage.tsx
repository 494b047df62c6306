import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ReloadOutlined, RollbackOutlined, ScanOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useAuth, useMe } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { byId, useAllStores } from '../../../app/lookups';
import { MEMBERS_KEY, type Member } from '../../../app/members';
import { formatDateTime, formatNumber } from '../../../app/format';
import { PageContainer } from '../../../app/components/PageContainer';
import { ExportCsvButton, TableSearch, usePagination, useServerTable } from '../../../app/table';
import { useDialogSubmit } from '../../../app/useDialogSubmit';
import { maxRule, requiredRule } from '../../../app/validators';
import type { MemberWallet } from '../../wallet/topup/wallet';
import { GIFTS_KEY, KIND_COLORS, REDEMPTION_COLORS, REDEMPTION_STATUSES, REDEMPTIONS_KEY, redemptionGaveText, type Redemption, type RedemptionDetail, type RedemptionStatus } from '../gifts/gifts';
import { RedeemPanel, walletKey, type PickedMember } from './RedeemPanel';
import { RedemptionSlipModal } from './RedemptionSlip';

type Filters = { memberId?: string; storeId?: string; status?: RedemptionStatus; from?: string; to?: string; docNo?: string };
type Range = [Dayjs | null, Dayjs | null] | null;
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/** 作废: the reason is required; a refusal (e.g. what the gift gave was used) stays in the dialog. */
function VoidDialog({ target, onClose }: { target: Redemption | null; onClose: () => void }) {
  const { t } = useTranslation(['marketing.redemptions', 'common']);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const { busy, error, run, reset } = useDialogSubmit();
  useEffect(() => {
    if (target) {
      form.resetFields();
      reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target?.id]);

  const submit = async () => {
    if (!target || busy) return;
    let v: { reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    await run(async () => {
      const r = await api.post<RedemptionDetail>(`${REDEMPTIONS_KEY}/${target.id}/void`, { reason: v.reason.trim() });
      if (r.balances) qc.setQueryData<MemberWallet>(walletKey(r.memberId), (w) => (w ? { ...w, points: r.balances!.points } : w));
      void message.success(t('voided', { points: formatNumber(r.points) }));
      onClose();
      void qc.invalidateQueries({ queryKey: [REDEMPTIONS_KEY] });
      void qc.invalidateQueries({ queryKey: [GIFTS_KEY] });
      void qc.invalidateQueries({ queryKey: [MEMBERS_KEY] });
    });
  };

  return (
    <Modal
      open={!!target}
      title={target ? t('voidTitle', { docNo: target.docNo }) : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('void')}
      okButtonProps={{ danger: true, loading: busy, ...{ 'data-testid': 'redemption-void-ok' } }}
      cancelText={t('common:actions.cancel')}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {target ? (
        <Form form={form} layout="vertical" name="redemption-void" initialValues={{ reason: '' }} onFinish={() => void submit()}>
          <Flex vertical gap={12}>
            <Alert type="warning" showIcon title={t('voidHint')} />
            <Typography.Text>
              {target.memberName} · {target.giftName} × {formatNumber(target.quantity)} · {t('pointsBack', { points: formatNumber(target.points) })}
            </Typography.Text>
            <Form.Item name="reason" label={t('reason')} rules={[requiredRule(t, t('reason')), maxRule(t, t('reason'), 200)]}>
              <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} autoFocus data-testid="redemption-void-reason" />
            </Form.Item>
            {error ? <Alert type="error" showIcon title={error} data-testid="redemption-void-error" /> : null}
          </Flex>
        </Form>
      ) : null}
    </Modal>
  );
}

/** The member filter of the records: scan a card or type a phone, Enter. */
function MemberFilter({ value, onChange }: { value: PickedMember | null; onChange: (m: PickedMember | null) => void }) {
  const { t } = useTranslation('marketing.redemptions');
  const { can } = useAuth();
  const showError = useApiError();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  if (value) {
    return (
      <Tag closable color="blue" onClose={() => onChange(null)} data-testid="redemptions-member-filter">
        {t('memberFilter', { name: value.name })}
      </Tag>
    );
  }
  if (!can('members.view')) return null;
  const find = async () => {
    const code = text.trim();
    if (!code || busy) return;
    setBusy(true);
    try {
      const r = await api.get<{ member: Member }>('/members/lookup', { code });
      onChange({ id: r.member.id, name: r.member.name });
      setText('');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Input
      allowClear
      prefix={<ScanOutlined />}
      aria-label={t('memberFilterPlaceholder')}
      placeholder={t('memberFilterPlaceholder')}
      value={text}
      readOnly={busy}
      onChange={(e) => setText(e.target.value)}
      onPressEnter={(e) => {
        e.preventDefault();
        void find();
      }}
      style={{ width: 200 }}
    />
  );
}

function RedemptionRecords({ member, onMember }: { member: PickedMember | null; onMember: (m: PickedMember | null) => void }) {
  const { t } = useTranslation(['marketing.redemptions', 'marketing.gifts', 'common']);
  const { can } = useAuth();
  const me = useMe();
  const canVoid = can('gifts.void');
  const { stores } = useAllStores();
  const storeMap = useMemo(() => byId(stores), [stores]);
  const table = useServerTable<Redemption, Filters>(REDEMPTIONS_KEY, { memberId: member?.id });
  const pagination = usePagination(table.query.data?.total, table.state.page, table.state.pageSize);
  const [range, setRange] = useState<Range>(null);
  const [voiding, setVoiding] = useState<Redemption | null>(null);
  const [viewing, setViewing] = useState<RedemptionDetail | null>(null);
  const showError = useApiError();
  const items = table.query.data?.items ?? [];
  const f = table.state.filters;
  // the member chosen above (or cleared) filters the list
  const { setFilters } = table;
  useEffect(() => {
    setFilters({ memberId: member?.id });
  }, [member?.id, setFilters]);

  const storeName = (id: string) => storeMap.get(id)?.name ?? '—';
  const open = async (r: Redemption) => {
    try {
      setViewing(await api.get<RedemptionDetail>(`${REDEMPTIONS_KEY}/${r.id}`));
    } catch (e) {
      showError(e);
    }
  };

  const columns: TableColumnsType<Redemption> = [
    {
      title: t('docNo'),
      dataIndex: 'docNo',
      key: 'docNo',
      width: 160,
      fixed: 'left',
      render: (v: string, r) => (
        <Typography.Link onClick={() => void open(r)} data-testid={`redemption-row-${v}`}>
          {v}
        </Typography.Link>
      ),
    },
    { title: t('createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 165, render: (v: string) => formatDateTime(v) },
    { title: t('store'), dataIndex: 'storeId', key: 'storeId', width: 130, render: (id: string) => storeName(id) },
    { title: t('member'), dataIndex: 'memberName', key: 'memberName', width: 120 },
    {
      title: t('gift'),
      key: 'gift',
      width: 200,
      render: (_, r) => (
        <Space size={4} wrap>
          <span>{r.giftName}</span>
          <Tag color={KIND_COLORS[r.kind]}>{t(`marketing.gifts:kinds.${r.kind}`)}</Tag>
        </Space>
      ),
    },
    { title: t('quantity'), dataIndex: 'quantity', key: 'quantity', width: 70, align: 'right', render: (v: number) => formatNumber(v) },
    { title: t('pointsCol'), dataIndex: 'points', key: 'points', width: 90, align: 'right', render: (v: number) => formatNumber(v) },
    { title: t('gives'), key: 'gave', width: 140, render: (_, r) => redemptionGaveText(t, r) },
    {
      title: t('status'),
      dataIndex: 'status',
      key: 'status',
      width: 100,
      render: (s: RedemptionStatus, r) => (
        <Space orientation="vertical" size={0}>
          <Tag color={REDEMPTION_COLORS[s]} data-testid={`redemption-status-${r.docNo}`}>
            {t(`statuses.${s}`)}
          </Tag>
          {s === 'voided' && r.voidReason ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: r.voidReason }}>
              {r.voidReason}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    { title: t('staff'), dataIndex: 'staffName', key: 'staffName', width: 100 },
  ];
  if (canVoid) {
    columns.push({
      title: t('common:table.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, r) =>
        r.status === 'completed' ? (
          <Button type="link" size="small" danger icon={<RollbackOutlined />} onClick={() => setVoiding(r)} data-testid={`redemption-void-${r.docNo}`}>
            {t('void')}
          </Button>
        ) : null,
    });
  }

  const csvColumns = [
    { title: t('docNo'), value: (r: Redemption) => r.docNo },
    { title: t('createdAt'), value: (r: Redemption) => formatDateTime(r.createdAt) },
    { title: t('businessDay'), value: (r: Redemption) => r.businessDay },
    { title: t('store'), value: (r: Redemption) => storeName(r.storeId) },
    { title: t('member'), value: (r: Redemption) => r.memberName },
    { title: t('gift'), value: (r: Redemption) => r.giftName },
    { title: t('kind'), value: (r: Redemption) => t(`marketing.gifts:kinds.${r.kind}`) },
    { title: t('quantity'), value: (r: Redemption) => r.quantity },
    { title: t('pointsCol'), value: (r: Redemption) => r.points },
    { title: t('gives'), value: (r: Redemption) => redemptionGaveText(t, r) },
    { title: t('status'), value: (r: Redemption) => t(`statuses.${r.status}`) },
    { title: t('staff'), value: (r: Redemption) => r.staffName },
    { title: t('voidReason'), value: (r: Redemption) => r.voidReason },
    { title: t('voidedBy'), value: (r: Redemption) => r.voidedByName ?? '' },
    { title: t('voidedAt'), value: (r: Redemption) => formatDateTime(r.voidedAt) },
  ];

  return (
    <Card size="small" title={t('recordsTitle')} data-testid="redemption-records">
      <Space className="table-toolbar" wrap>
        <TableSearch value={f.docNo} onSearch={(q) => table.setFilters({ docNo: q })} placeholder={t('docNoSearch')} width={200} testId="redemptions-search" />
        <MemberFilter value={member} onChange={onMember} />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('store')}
          placeholder={t('allStores')}
          style={{ width: 160 }}
          value={f.storeId}
          onChange={(v?: string) => table.setFilters({ storeId: v })}
          options={stores.map((s) => ({ value: s.id, label: s.name }))}
        />
        <Select
          allowClear
          aria-label={t('status')}
          placeholder={t('allStatuses')}
          style={{ width: 120 }}
          value={f.status}
          onChange={(v?: RedemptionStatus) => table.setFilters({ status: v })}
          options={REDEMPTION_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
          data-testid="redemptions-status-filter"
        />
        <DatePicker.RangePicker
          aria-label={t('businessDay')}
          placeholder={[t('dateFrom'), t('dateTo')]}
          value={range}
          onChange={(r) => {
            setRange(r);
            table.setFilters({ from: day(r?.[0]), to: day(r?.[1]) });
          }}
          style={{ width: 250 }}
        />
        <Button
          onClick={() => {
            setRange(null);
            onMember(null);
            table.setFilters({ storeId: undefined, status: undefined, from: undefined, to: undefined, docNo: undefined, memberId: undefined });
          }}
        >
          {t('common:actions.reset')}
        </Button>
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void table.query.refetch()} />
        <ExportCsvButton<Redemption> path={REDEMPTIONS_KEY} query={table.params} filename={t('exportName')} columns={csvColumns} />
      </Space>
      <Table<Redemption> rowKey="id" size="middle" columns={columns} dataSource={items} loading={table.query.isFetching} pagination={pagination} onChange={table.onChange} scroll={{ x: 1400 }} />
      <VoidDialog target={voiding} onClose={() => setVoiding(null)} />
      <RedemptionSlipModal slip={viewing} ctx={{ merchantName: me.merchant.name, storeName: viewing ? storeName(viewing.storeId) : '' }} onClose={() => setViewing(null)} />
    </Card>
  );
}

export default function RedemptionsPage() {
  const { t } = useTranslation('marketing.redemptions');
  const { can } = useAuth();
  const [member, setMember] = useState<PickedMember | null>(null);
  const canRedeem = can('gifts.redeem') && can('members.view');
  return (
    <PageContainer title={t('title')} subTitle={canRedeem ? t('subtitle') : t('subtitleView')} noCard>
      {canRedeem ? (
        <div style={{ marginBottom: 16 }}>
          <RedeemPanel onShowRecords={setMember} />
        </div>
      ) : null}
      <RedemptionRecords member={member} onMember={setMember} />
    </PageContainer>
  );
}
