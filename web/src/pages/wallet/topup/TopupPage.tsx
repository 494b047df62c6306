import { useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Divider, Empty, Flex, Input, Radio, Result, Row, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { PrinterOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../../app/api';
import { useAuth, useMe } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { MEMBERS_KEY } from '../../../app/members';
import { fenToYuan, formatFen, yuanToFen } from '../../../app/money';
import { formatNumber } from '../../../app/format';
import { PageContainer } from '../../../app/components/PageContainer';
import { CardStatusTag } from '../../../app/components/CardStatusTag';
import { ConfirmButton } from '../../../app/components/ConfirmButton';
import { MemberLookupCard, MemberLookupInput, useMemberLookup } from '../../../app/components/MemberLookup';
import { useDebounced } from '../../../app/useDebounced';
import { useFocusById } from '../../../app/focus';
import { useHotkey } from '../../../app/useHotkey';
import { useIdempotentSubmit } from '../../../app/useIdempotentSubmit';
import { TopupReceipt, type CashHandover } from './Receipt';
import { CASH_RECEIVED_ID, MAX_TENDERS, TendersEditor, nextTenderRow, tenderAmountId, tenderFens, tenderRefId, type TenderRow } from './TendersEditor';
import {
  TOPUPS_KEY,
  TOPUP_RULES_KEY,
  ruleAppliesHere,
  type Balances,
  type MemberWallet,
  type Topup,
  type TopupPreview,
  type TopupRule,
} from './wallet';

/** 10^12 fen, the API's ceiling on amounts */
const MAX_FEN = 1_000_000_000_000;
const DEFAULT_QUICK = [10_000, 20_000, 50_000, 100_000];
const NO_RULE = '__none__';
const LOOKUP_ID = 'topup-lookup';
const AMOUNT_ID = 'topup-amount';
const CONFIRM_ID = 'topup-confirm';

export default function TopupPage() {
  const { t } = useTranslation(['wallet.topup', 'common']);
  const me = useMe();
  const { can } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();

  const [amountText, setAmountText] = useState('');
  /** undefined = the best rule (the server picks), null = none, else a rule id */
  const [ruleChoice, setRuleChoice] = useState<string | null | undefined>(undefined);
  const rowKey = useRef(1);
  const [tenders, setTenders] = useState<TenderRow[]>([{ key: 0, method: 'cash', amount: '', reference: '' }]);
  const tendersTouched = useRef(false);
  const [cashReceived, setCashReceived] = useState('');
  const [note, setNote] = useState('');
  const { submitting, uncertain, locked, send, discard } = useIdempotentSubmit();
  /** the cash handed over with the submission last made, for its receipt (a resend keeps it) */
  const submittedCash = useRef<CashHandover | null>(null);
  const [result, setResult] = useState<{ topup: Topup; cash: CashHandover | null } | null>(null);
  const focusById = useFocusById();
  const lookup = useMemberLookup({
    unsettled: uncertain ? { content: t('uncertainLocked'), key: 'topup-problem' } : null,
    onFound: () => {
      resetEntry();
      setResult(null);
      focusById(AMOUNT_ID);
    },
  });
  const { member } = lookup;

  const storeId = me.currentStoreId;
  const amountFen = useMemo(() => {
    const f = yuanToFen(amountText);
    return f !== null && f > 0 && f <= MAX_FEN ? f : null;
  }, [amountText]);
  const debouncedAmount = useDebounced(amountFen, 250);

  // ---- lookups -------------------------------------------------------------------------------
  const rules = useQuery({
    queryKey: [TOPUP_RULES_KEY],
    queryFn: () => api.get<{ items: TopupRule[] }>('/topup-rules').then((r) => r.items),
    enabled: can('wallet.view'),
    retry: false,
    staleTime: 60_000,
  });
  const quickAmounts = useMemo(() => {
    const thresholds = new Set<number>();
    for (const r of rules.data ?? []) if (ruleAppliesHere(r, storeId)) for (const tier of r.tiers) thresholds.add(tier.thresholdFen);
    const list = [...thresholds].sort((a, b) => a - b).slice(0, 8);
    return list.length ? list : DEFAULT_QUICK;
  }, [rules.data, storeId]);

  const wallet = useQuery({
    queryKey: [MEMBERS_KEY, member?.id, 'wallet'],
    queryFn: () => api.get<MemberWallet>(`/members/${member?.id}/wallet`),
    enabled: !!member && can('wallet.view'),
    retry: false,
  });

  const previewBody = useMemo(
    () =>
      member && debouncedAmount !== null
        ? { memberId: member.id, amountFen: debouncedAmount, ...(ruleChoice !== undefined ? { ruleId: ruleChoice } : {}) }
        : null,
    [member, debouncedAmount, ruleChoice],
  );
  const preview = useQuery({
    queryKey: ['/topups/preview', previewBody, storeId],
    queryFn: ({ signal }) => api.post<TopupPreview>('/topups/preview', previewBody, { signal }),
    enabled: !!previewBody && !result,
    retry: false,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
  const pv = preview.data && previewBody ? preview.data : null;
  const previewCurrent =
    !!pv && !preview.isPlaceholderData && !preview.isFetching && !preview.isError && debouncedAmount === amountFen && pv.amountFen === amountFen && pv.memberId === member?.id;

  const balances: Balances | null = pv && pv.memberId === member?.id ? pv.balances : wallet.data ? { principalFen: wallet.data.principalFen, bonusFen: wallet.data.bonusFen, points: wallet.data.points } : null;

  // ---- derived checks ----------------------------------------------------------------------------
  const fens = tenderFens(tenders);
  const tenderSum = fens.reduce<number>((a, b) => a + (b ?? 0), 0);
  const cashFen = tenders.reduce((a, r, i) => a + (r.method === 'cash' ? (fens[i] ?? 0) : 0), 0);
  const hasCash = tenders.some((r) => r.method === 'cash');
  const receivedFen = hasCash && cashReceived.trim() ? yuanToFen(cashReceived) : null;

  const problem: string | null = (() => {
    if (!storeId) return t('problems.noStore');
    if (!member) return t('problems.member');
    if (amountFen === null) return t('problems.amount');
    if (preview.isError) return t('problems.previewFailed');
    if (!previewCurrent) return t('problems.preview');
    if (fens.some((f) => f === null)) return t('problems.tenderAmount');
    if (tenderSum !== amountFen) return t('problems.mismatch', { diff: amountFen > tenderSum ? t('remaining', { amount: formatFen(amountFen - tenderSum) }) : t('overpaid', { amount: formatFen(tenderSum - amountFen) }) });
    if (tenders.some((r) => r.method !== 'cash' && !r.reference.trim())) return t('problems.reference');
    if (hasCash && cashReceived.trim() && (receivedFen === null || receivedFen < cashFen)) return t('problems.cashShort');
    return null;
  })();

  // ---- actions -------------------------------------------------------------------------------------
  const resetEntry = () => {
    setAmountText('');
    setRuleChoice(undefined);
    setTenders([{ key: rowKey.current++, method: 'cash', amount: '', reference: '' }]);
    tendersTouched.current = false;
    setCashReceived('');
    setNote('');
    discard();
  };

  const changeAmount = (text: string) => {
    setAmountText(text);
    // a specific rule may not suit the new amount: go back to the best one
    if (typeof ruleChoice === 'string') setRuleChoice(undefined);
    // one payment the cashier has not edited follows the amount
    if (tenders.length === 1 && !tendersTouched.current) {
      const fen = yuanToFen(text);
      setTenders([{ ...tenders[0]!, amount: fen !== null && fen > 0 ? fenToYuan(fen) : '' }]);
    }
  };

  /** Enter moves forward: amount → payments → cash received → the confirm button (Enter never submits). */
  const focusOrder = (): string[] => {
    const ids = [AMOUNT_ID];
    tenders.forEach((r, i) => {
      if (!(tenders.length === 1 && !tendersTouched.current)) ids.push(tenderAmountId(i));
      if (r.method !== 'cash') ids.push(tenderRefId(i));
    });
    if (hasCash) ids.push(CASH_RECEIVED_ID);
    ids.push(CONFIRM_ID);
    return ids;
  };
  const enterFrom = (id: string) => {
    if (id === AMOUNT_ID && amountFen === null) return;
    const order = focusOrder();
    const next = order[order.indexOf(id) + 1];
    if (next) focusById(next);
  };

  const submit = async () => {
    // a receipt is showing
    if (result) return;
    const sent = await send(
      () => {
        if (problem) {
          void message.warning({ content: problem, key: 'topup-problem' });
          return null;
        }
        if (!member || amountFen === null || !pv) return null;
        submittedCash.current = hasCash && receivedFen !== null ? { receivedFen, changeFen: receivedFen - cashFen } : null;
        return {
          memberId: member.id,
          amountFen,
          // exactly the offer on screen
          ruleId: pv.ruleId,
          tenders: tenders.map((r, i) => ({ method: r.method, amountFen: fens[i] ?? 0, reference: r.method === 'cash' ? '' : r.reference.trim() })),
          note: note.trim(),
        };
      },
      (body, key) => api.post<Topup>('/topups', body, { headers: { 'Idempotency-Key': key } }),
    );
    if (!sent) return;
    if (!sent.ok) {
      showError(sent.error);
      return;
    }
    const topup = sent.answer;
    // nothing of this customer's entry survives: F9 again cannot top up twice
    resetEntry();
    setResult({ topup, cash: submittedCash.current });
    void message.success(topup.status === 'pending_approval' ? t('donePending') : t('done'));
    void qc.invalidateQueries({ queryKey: [MEMBERS_KEY] });
    void qc.invalidateQueries({ queryKey: [TOPUPS_KEY] });
    focusById('topup-next-lookup');
  };
  useHotkey('F9', () => void submit());

  const nextCustomer = () => {
    setResult(null);
    lookup.clear();
    resetEntry();
    focusById(LOOKUP_ID);
  };

  // ---- receipt ---------------------------------------------------------------------------------------
  if (result) {
    const pending = result.topup.status === 'pending_approval';
    return (
      <PageContainer title={t('title')} subTitle={t('subtitle')}>
        <Result
          className="no-print"
          status={pending ? 'warning' : 'success'}
          title={pending ? t('donePending') : t('done')}
          subTitle={pending ? t('receipt.pendingNote') : undefined}
          style={{ padding: '8px 0 16px' }}
        />
        <TopupReceipt topup={result.topup} cash={result.cash} merchantName={me.merchant.name} fresh />
        <Flex className="no-print" justify="center" gap={12} wrap style={{ marginTop: 20 }}>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="topup-print">
            {t('print')}
          </Button>
          <Button type="primary" icon={<UserSwitchOutlined />} onClick={nextCustomer} data-testid="topup-next">
            {t('nextCustomer')}
          </Button>
          <MemberLookupInput lookup={lookup} id="topup-next-lookup" label={t('nextLookupPlaceholder')} placeholder={t('nextLookupPlaceholder')} style={{ width: 300 }} />
        </Flex>
      </PageContainer>
    );
  }

  // ---- entry -----------------------------------------------------------------------------------------
  const ruleValue = pv ? (pv.ruleId ?? NO_RULE) : undefined;

  return (
    <PageContainer title={t('title')} subTitle={t('subtitle')} noCard>
      {!storeId ? <Alert type="warning" showIcon title={t('noStore')} style={{ marginBottom: 16 }} data-testid="topup-no-store" /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <MemberLookupCard
            lookup={lookup}
            inputId={LOOKUP_ID}
            memberTestId="topup-member"
            texts={{ label: t('lookupLabel'), placeholder: t('lookupPlaceholder'), button: t('lookupButton'), noCard: t('noCard'), cardBlock: (b) => t(`cardBlocks.${b}`) }}
          >
            {(m) => (
              <>
                <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
                  <Descriptions.Item label={t('member')}>
                    <Typography.Text strong data-testid="topup-member-name">
                      {m.name}
                    </Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('phone')}>{m.phone ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('cardNo')}>
                    <Typography.Text code data-testid="topup-member-card">
                      {m.card?.cardNo ?? '—'}
                    </Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('cardStatus')}>
                    <CardStatusTag status={m.card?.status ?? null} />
                  </Descriptions.Item>
                </Descriptions>
                  <Divider titlePlacement="start" plain style={{ margin: '8px 0' }}>
                    {t('balancesTitle')}
                  </Divider>
                  {balances ? (
                    <Row gutter={12} data-testid="topup-balances">
                      <Col span={6}>
                        <Statistic title={t('balances.principal')} value={formatFen(balances.principalFen)} styles={{ content: { fontSize: 18 } }} />
                      </Col>
                      <Col span={6}>
                        <Statistic title={t('balances.bonus')} value={formatFen(balances.bonusFen)} styles={{ content: { fontSize: 18 } }} />
                      </Col>
                      <Col span={6}>
                        <Statistic title={t('balances.storedValue')} value={formatFen(balances.principalFen + balances.bonusFen)} styles={{ content: { fontSize: 18 } }} />
                      </Col>
                      <Col span={6}>
                        <Statistic title={t('balances.points')} value={formatNumber(balances.points)} styles={{ content: { fontSize: 18 } }} />
                      </Col>
                    </Row>
                  ) : (
                    <Typography.Text type="secondary">{t('balancesHidden')}</Typography.Text>
                  )}
              </>
            )}
          </MemberLookupCard>

          <Card size="small" title={t('amount')} style={{ marginTop: 16 }}>
            <Input
              id={AMOUNT_ID}
              data-testid={AMOUNT_ID}
              aria-label={t('amount')}
              placeholder={t('amountPlaceholder')}
              prefix="¥"
              size="large"
              inputMode="decimal"
              autoComplete="off"
              maxLength={16}
              disabled={!member || locked}
              value={amountText}
              status={amountText.trim() && amountFen === null ? 'error' : undefined}
              onChange={(e) => changeAmount(e.target.value)}
              onPressEnter={(e) => {
                e.preventDefault();
                enterFrom(AMOUNT_ID);
              }}
            />
            {amountText.trim() && amountFen === null ? <Typography.Text type="danger">{t('amountInvalid')}</Typography.Text> : null}
            <Flex gap={8} wrap style={{ marginTop: 12 }} align="center">
              <Typography.Text type="secondary">{t('quickAmounts')}</Typography.Text>
              {quickAmounts.map((fen) => (
                <Button
                  key={fen}
                  disabled={!member || locked}
                  type={amountFen === fen ? 'primary' : 'default'}
                  data-testid={`topup-quick-${fen}`}
                  onClick={() => {
                    changeAmount(fenToYuan(fen));
                    focusById(AMOUNT_ID);
                  }}
                >
                  {formatFen(fen).replace(/\.00$/, '')}
                </Button>
              ))}
            </Flex>
          </Card>

          <Card size="small" title={t('previewTitle')} style={{ marginTop: 16 }} data-testid="topup-preview">
            {!member || amountFen === null ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('problems.amount')} />
            ) : preview.isError ? (
              <Alert type="error" showIcon title={t('previewFailed')} description={isApiError(preview.error) ? preview.error.message : String(preview.error)} data-testid="topup-preview-error" />
            ) : !pv ? (
              <Spin>
                <div style={{ padding: 24, textAlign: 'center' }}>{t('previewLoading')}</div>
              </Spin>
            ) : (
              <Spin spinning={!previewCurrent} delay={150}>
                <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                  <div>
                    <Typography.Text type="secondary">{t('ruleLabel')}</Typography.Text>
                    <Radio.Group
                      value={ruleValue}
                      disabled={locked}
                      onChange={(e) => setRuleChoice(e.target.value === NO_RULE ? null : (e.target.value as string))}
                      style={{ display: 'flex', flexDirection: 'column', gap: 4, marginTop: 4 }}
                      data-testid="topup-rules"
                    >
                      {pv.rules.map((r) => (
                        <Radio key={r.id} value={r.id} data-testid={`topup-rule-${r.id}`}>
                          {t(r.points > 0 ? 'ruleOptionPoints' : 'ruleOption', { name: r.name, bonus: formatFen(r.bonusFen), points: formatNumber(r.points) })}
                          {r.installmentMonths ? t('ruleOptionInstallments', { months: r.installmentMonths }) : ''}
                        </Radio>
                      ))}
                      <Radio value={NO_RULE} data-testid="topup-rule-none">
                        {t('noRule')}
                      </Radio>
                    </Radio.Group>
                    {pv.rules.length === 0 ? <Typography.Text type="secondary">{t('noRuleAvailable')}</Typography.Text> : null}
                  </div>
                  <Row gutter={12}>
                    <Col span={8}>
                      <Statistic title={t('principal')} value={formatFen(pv.amountFen)} styles={{ content: { fontSize: 20 } }} />
                    </Col>
                    <Col span={8} data-testid="topup-preview-bonus">
                      <Statistic title={t('bonus')} value={formatFen(pv.bonusFen)} styles={{ content: { fontSize: 20, color: '#389e0d' } }} />
                    </Col>
                    <Col span={8} data-testid="topup-preview-points">
                      <Statistic title={t('points')} value={formatNumber(pv.points)} styles={{ content: { fontSize: 20, color: '#d48806' } }} />
                    </Col>
                  </Row>
                  {pv.installmentMonths && pv.installmentParts.length > 0 ? (
                    <Alert
                      type="info"
                      showIcon
                      title={t('installments')}
                      description={
                        pv.installmentParts.every((p) => p === pv.installmentParts[0])
                          ? t('installmentsText', { months: pv.installmentMonths, first: formatFen(pv.installmentParts[0]!) })
                          : t('installmentsUneven', { months: pv.installmentMonths, parts: pv.installmentParts.map((p) => formatFen(p)).join(' / ') })
                      }
                    />
                  ) : null}
                  {pv.needsApproval ? (
                    <Alert type="warning" showIcon title={t('needsApproval', { threshold: formatFen(pv.approvalThresholdFen) })} data-testid="topup-needs-approval" />
                  ) : null}
                  {pv.dailyQuotaLeftFen !== null || pv.monthlyQuotaLeftFen !== null ? (
                    <Typography.Text type="secondary" data-testid="topup-quota">
                      {t('quotaLeft', {
                        daily: pv.dailyQuotaLeftFen === null ? t('unlimited') : formatFen(pv.dailyQuotaLeftFen),
                        monthly: pv.monthlyQuotaLeftFen === null ? t('unlimited') : formatFen(pv.monthlyQuotaLeftFen),
                      })}
                    </Typography.Text>
                  ) : null}
                </Space>
              </Spin>
            )}
          </Card>
        </Col>

        <Col xs={24} lg={12}>
          <Card size="small" title={t('tendersTitle')}>
            <TendersEditor
              rows={tenders}
              amountFen={amountFen}
              cashReceived={cashReceived}
              disabled={!member || locked}
              onRowsChange={(rows, touched, focusId) => {
                if (touched) tendersTouched.current = true;
                setTenders(rows);
                if (focusId) focusById(focusId);
              }}
              onCashReceivedChange={setCashReceived}
              onAdd={() => {
                if (tenders.length >= MAX_TENDERS) return;
                tendersTouched.current = true;
                const row = nextTenderRow(tenders, amountFen, rowKey.current++);
                setTenders([...tenders, row]);
                focusById(tenderRefId(tenders.length));
              }}
              onEnter={enterFrom}
            />
            <Divider style={{ margin: '16px 0 12px' }} />
            <Input
              aria-label={t('note')}
              placeholder={t('note')}
              maxLength={200}
              disabled={!member || locked}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              data-testid="topup-note"
            />
            {uncertain ? (
              <Alert
                type="error"
                showIcon
                style={{ marginTop: 16 }}
                title={t('uncertain')}
                data-testid="topup-uncertain"
                action={
                  <Button size="small" onClick={discard}>
                    {t('discardUncertain')}
                  </Button>
                }
              />
            ) : null}
            <Flex vertical gap={8} style={{ marginTop: 16 }}>
              <ConfirmButton id={CONFIRM_ID} loading={submitting} onConfirm={() => void submit()}>
                {uncertain ? t('retry') : t('confirm')} <Tag style={{ marginInlineStart: 8 }}>F9</Tag>
                {amountFen !== null ? formatFen(amountFen) : null}
              </ConfirmButton>
              {problem && !uncertain ? (
                <Typography.Text type="warning" data-testid="topup-problem">
                  {problem}
                </Typography.Text>
              ) : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('confirmHint')}
              </Typography.Text>
            </Flex>
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
