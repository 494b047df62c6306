import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Descriptions, Form, Input, InputNumber, Modal, Space, Spin, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CloseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../../app/api';
import { useApiError } from '../../../app/errors';
import type { Member } from '../../../app/members';
import { formatFen, yuanToFen } from '../../../app/money';
import { formatNumber } from '../../../app/format';
import { maxRule, moneyRule, requiredRule } from '../../../app/validators';
import { CardStatusTag } from '../../../app/components/CardStatusTag';
import { useIdempotencyKey, useRefreshMember, useWallet, type Balances, type TransferPreview, type TransferResult } from './wallet';
import { useDebounced } from '../../../app/useDebounced';

/**
 * Form fields carry the API's names so a field error of the API lands on them; the two
 * amounts are typed in yuan and sent as fen.
 */
interface TransferForm {
  principalFen?: string;
  bonusFen?: string;
  points?: number | null;
  reason: string;
}

interface Amounts {
  principalFen: number;
  bonusFen: number;
  points: number;
}

const MAX_FEN = 1_000_000_000_000;

/** Typed amounts → fen and points, or null while any of them is not a valid amount. */
function amountsOf(v: Partial<TransferForm>): Amounts | null {
  const fen = (s: string | undefined) => (s && s.trim() ? yuanToFen(s) : 0);
  const principalFen = fen(v.principalFen);
  const bonusFen = fen(v.bonusFen);
  const points = v.points ?? 0;
  if (principalFen === null || bonusFen === null || principalFen < 0 || bonusFen < 0 || principalFen > MAX_FEN || bonusFen > MAX_FEN) return null;
  if (!Number.isInteger(points) || points < 0) return null;
  return { principalFen, bonusFen, points };
}

type Row = { key: keyof Balances; label: string; fmt: (n: number) => string };

/** 会员卡转账: stored value (principal and bonus kept apart) and points from this member to another. */
export function TransferDialog({ open, member, onClose }: { open: boolean; member: Member; onClose: () => void }) {
  const { t } = useTranslation(['members.detail', 'common']);
  const { message } = App.useApp();
  const showError = useApiError();
  const refresh = useRefreshMember();
  const idem = useIdempotencyKey();
  const [form] = Form.useForm<TransferForm>();
  const wallet = useWallet(member.id, open);
  const [code, setCode] = useState('');
  const [target, setTarget] = useState<Member | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [looking, setLooking] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      idem.reset();
      form.resetFields();
      setCode('');
      setTarget(null);
      setLookupError(null);
    }
  }, [open, idem, form]);

  const watched = Form.useWatch([], form) as Partial<TransferForm> | undefined;
  const amounts = amountsOf(watched ?? {});
  // debounce the text of the request, so typing does not ask for a preview on every key
  const typed = target && amounts ? JSON.stringify({ fromMemberId: member.id, toMemberId: target.id, ...amounts }) : '';
  const debounced = useDebounced(typed, 350);
  const input = useMemo(() => (debounced ? (JSON.parse(debounced) as Amounts & { fromMemberId: string; toMemberId: string }) : null), [debounced]);
  const hasSomething = !!input && (input.principalFen > 0 || input.bonusFen > 0 || input.points > 0);
  const preview = useQuery({
    queryKey: ['wallet-transfer-preview', debounced],
    queryFn: ({ signal }) => api.post<TransferPreview>('/wallet/transfers/preview', input, { signal }),
    enabled: open && hasSomething,
    retry: false,
    gcTime: 0,
  });
  // the preview shown belongs to exactly the amounts typed now
  const current = preview.data && !preview.isPlaceholderData && debounced === typed ? preview.data : null;

  const lookup = async (text: string) => {
    const c = text.trim();
    if (!c) return;
    setLooking(true);
    setLookupError(null);
    try {
      const r = await api.get<{ member: Member }>('/members/lookup', { code: c });
      if (r.member.id === member.id) {
        setLookupError(t('wallet.transfer.sameMember'));
        return;
      }
      setTarget(r.member);
    } catch (e) {
      setLookupError(isApiError(e) ? e.message : t('wallet.transfer.lookupFailed'));
    } finally {
      setLooking(false);
    }
  };

  const submit = async () => {
    let v: TransferForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const a = amountsOf(v);
    if (!target || !a) return;
    if (a.principalFen === 0 && a.bonusFen === 0 && a.points === 0) {
      form.setFields([{ name: 'principalFen', errors: [t('wallet.transfer.nothing')] }]);
      return;
    }
    setBusy(true);
    try {
      const r = await api.post<TransferResult>(
        '/wallet/transfers',
        { fromMemberId: member.id, toMemberId: target.id, ...a, reason: v.reason.trim() },
        { headers: idem.headers() },
      );
      idem.reset();
      void message.success(t('wallet.transfer.done', { docNo: r.docNo }));
      await refresh();
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const rows: Row[] = [
    { key: 'principalFen', label: t('wallet.principal'), fmt: formatFen },
    { key: 'bonusFen', label: t('wallet.bonus'), fmt: formatFen },
    { key: 'points', label: t('wallet.points'), fmt: formatNumber },
  ];
  const change = (n: number, fmt: (n: number) => string) => (
    <Typography.Text strong type={n < 0 ? 'danger' : n > 0 ? 'success' : 'secondary'}>
      {n > 0 ? `+${fmt(n)}` : fmt(n)}
    </Typography.Text>
  );
  const sideColumns = (side: 'from' | 'to', title: string): TableColumnsType<Row>[number] => ({
    title,
    key: side,
    children: [
      { title: t('wallet.transfer.before'), key: `${side}-before`, align: 'right', render: (_, r) => (current ? r.fmt(current[side].before[r.key]) : '') },
      { title: t('wallet.transfer.change'), key: `${side}-change`, align: 'right', render: (_, r) => (current ? change(current[side].after[r.key] - current[side].before[r.key], r.fmt) : '') },
      { title: t('wallet.transfer.after'), key: `${side}-after`, align: 'right', render: (_, r) => (current ? r.fmt(current[side].after[r.key]) : '') },
    ],
  });
  const columns: TableColumnsType<Row> = [
    { title: t('wallet.transfer.item'), dataIndex: 'label', key: 'label', width: 90 },
    sideColumns('from', t('wallet.transfer.fromSide', { name: current?.from.memberName ?? member.name })),
    sideColumns('to', t('wallet.transfer.toSide', { name: current?.to.memberName ?? target?.name ?? '' })),
  ];

  const w = wallet.data;
  return (
    <Modal
      open={open}
      title={t('wallet.transfer.title', { name: member.name })}
      width={860}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('wallet.transfer.confirm')}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ disabled: !current || preview.isFetching, loading: busy }}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Alert type="info" showIcon title={t('wallet.transfer.help')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" name="wallet-transfer" initialValues={{ points: null }}>
        <Form.Item label={t('wallet.transfer.target')} required validateStatus={lookupError ? 'error' : undefined} help={lookupError ?? undefined}>
          {target ? (
            <Space wrap>
              <Typography.Text strong data-testid="transfer-target-name">
                {target.name}
              </Typography.Text>
              <Typography.Text type="secondary">{target.phone ?? ''}</Typography.Text>
              {target.card ? <Typography.Text code>{target.card.cardNo}</Typography.Text> : null}
              <CardStatusTag status={target.card?.status} />
              <Button size="small" icon={<CloseOutlined />} onClick={() => setTarget(null)}>
                {t('wallet.transfer.changeTarget')}
              </Button>
            </Space>
          ) : (
            <Input.Search
              autoFocus
              allowClear
              value={code}
              onChange={(e) => setCode(e.target.value)}
              onSearch={(v) => void lookup(v)}
              loading={looking}
              maxLength={64}
              placeholder={t('wallet.transfer.targetPlaceholder')}
              aria-label={t('wallet.transfer.target')}
              enterButton={t('wallet.transfer.find')}
              data-testid="transfer-target"
            />
          )}
        </Form.Item>
        <Space wrap size={16} align="start">
          <Form.Item name="principalFen" label={t('wallet.principal')} rules={[moneyRule(t)]} extra={w ? t('wallet.transfer.available', { amount: formatFen(w.principalFen) }) : undefined}>
            <Input prefix="¥" placeholder="0.00" style={{ width: 180 }} inputMode="decimal" data-testid="transfer-principal" />
          </Form.Item>
          <Form.Item name="bonusFen" label={t('wallet.bonus')} rules={[moneyRule(t)]} extra={w ? t('wallet.transfer.available', { amount: formatFen(w.bonusFen) }) : undefined}>
            <Input prefix="¥" placeholder="0.00" style={{ width: 180 }} inputMode="decimal" data-testid="transfer-bonus" />
          </Form.Item>
          <Form.Item
            name="points"
            label={t('wallet.points')}
            rules={[{ type: 'integer', min: 0, message: t('common:validation.integer') }]}
            extra={w ? t('wallet.transfer.available', { amount: formatNumber(w.points) }) : undefined}
          >
            <InputNumber min={0} precision={0} placeholder="0" style={{ width: 180 }} data-testid="transfer-points" />
          </Form.Item>
        </Space>

        <div style={{ marginBottom: 16 }} data-testid="transfer-preview">
          {!target ? (
            <Typography.Text type="secondary">{t('wallet.transfer.pickTarget')}</Typography.Text>
          ) : !hasSomething ? (
            <Typography.Text type="secondary">{t('wallet.transfer.enterAmounts')}</Typography.Text>
          ) : preview.isError && !preview.isFetching ? (
            <Alert type="error" showIcon title={isApiError(preview.error) ? preview.error.message : t('wallet.transfer.previewFailed')} />
          ) : (
            <Spin spinning={preview.isFetching}>
              <Table<Row> rowKey="key" size="small" bordered columns={columns} dataSource={rows} pagination={false} />
            </Spin>
          )}
        </div>
        {current ? (
          <Descriptions size="small" column={1} style={{ marginBottom: 8 }}>
            <Descriptions.Item label={t('wallet.transfer.summary')}>
              {t('wallet.transfer.summaryText', {
                from: current.from.memberName,
                to: current.to.memberName,
                principal: formatFen(current.from.before.principalFen - current.from.after.principalFen),
                bonus: formatFen(current.from.before.bonusFen - current.from.after.bonusFen),
                points: formatNumber(current.from.before.points - current.from.after.points),
              })}
            </Descriptions.Item>
          </Descriptions>
        ) : null}
        <Form.Item name="reason" label={t('reason')} rules={[requiredRule(t, t('reason')), maxRule(t, t('reason'), 200)]}>
          <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="transfer-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
