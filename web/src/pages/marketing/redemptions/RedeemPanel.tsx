import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Flex, InputNumber, Modal, Row, Spin, Statistic, Tag, Typography } from 'antd';
import { GiftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, type Paged } from '../../../app/api';
import { useAuth, useMe } from '../../../app/auth';
import { byId, useAllStores, useMemberLevels } from '../../../app/lookups';
import { MEMBERS_KEY } from '../../../app/members';
import { MemberLookupCard, useMemberLookup } from '../../../app/components/MemberLookup';
import { formatNumber } from '../../../app/format';
import { useFocusById } from '../../../app/focus';
import { useHotkey } from '../../../app/useHotkey';
import { useIdempotentSubmit } from '../../../app/useIdempotentSubmit';
import type { MemberWallet } from '../../wallet/topup/wallet';
import { GIFTS_KEY, KIND_COLORS, REDEMPTIONS_KEY, giftGivesText, stockText, type Gift, type RedemptionDetail } from '../gifts/gifts';
import { RedemptionSlipModal } from './RedemptionSlip';

const LOOKUP_ID = 'redeem-lookup';
const QTY_ID = 'redeem-qty';
const REDEEM_ID = 'redeem-submit';
const MAX_QTY = 999;

export interface PickedMember {
  id: string;
  name: string;
}

/** The wallet query of a member: the same key the till and the top-up page use. */
export const walletKey = (memberId: string) => [MEMBERS_KEY, memberId, 'wallet'];

/**
 * 积分兑换 at the current store: scan a card (or type a phone) → the member and the gifts they may
 * take here → gift and quantity → a confirm with the points before and after → the slip.
 * Enter never confirms: it looks up, picks, or moves to the next field; F9, a click or Space confirm.
 */
export function RedeemPanel({ onShowRecords }: { onShowRecords: (m: PickedMember) => void }) {
  const { t } = useTranslation(['marketing.redemptions', 'marketing.gifts', 'common']);
  const me = useMe();
  const { can } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const focusById = useFocusById();
  const { stores } = useAllStores();
  const storeName = useMemo(() => (me.currentStoreId ? (me.stores.find((s) => s.id === me.currentStoreId)?.name ?? byId(stores).get(me.currentStoreId)?.name ?? '') : ''), [me, stores]);
  const levels = useMemberLevels();

  const [giftId, setGiftId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<number | null>(1);
  const [confirming, setConfirming] = useState(false);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const [slip, setSlip] = useState<{ r: RedemptionDetail; cardNo: string | null } | null>(null);
  const { submitting, uncertain, send, discard } = useIdempotentSubmit();
  const lookup = useMemberLookup({
    unsettled: uncertain ? { content: t('uncertainLocked'), key: 'redeem-problem' } : null,
    onFound: () => {
      setGiftId(null);
      setQuantity(1);
      discard();
    },
  });
  const { member } = lookup;
  const lastEnterAt = useRef(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter') lastEnterAt.current = Date.now();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const storeId = me.currentStoreId;
  const wallet = useQuery({
    queryKey: member ? walletKey(member.id) : ['none'],
    queryFn: () => api.get<MemberWallet>(`/members/${member?.id}/wallet`),
    enabled: !!member && can('wallet.view'),
    retry: false,
  });
  const gifts = useQuery({
    queryKey: [GIFTS_KEY, 'available', member?.id, storeId],
    queryFn: ({ signal }) => api.get<Paged<Gift>>(GIFTS_KEY, { availableFor: member?.id, pageSize: 100, sort: 'pointsPrice', order: 'asc' }, { signal }).then((r) => r.items),
    enabled: !!member && !!storeId,
    retry: false,
  });
  const points = wallet.data?.points ?? null;
  const gift = (gifts.data ?? []).find((g) => g.id === giftId) ?? null;
  const qty = quantity ?? 0;
  const total = gift ? gift.pointsPrice * qty : 0;
  const maxQty = gift ? Math.max(1, Math.min(MAX_QTY, gift.stock ?? MAX_QTY, points !== null && gift.pointsPrice > 0 ? Math.floor(points / gift.pointsPrice) || 1 : MAX_QTY)) : MAX_QTY;

  const problem: string | null = (() => {
    if (!storeId) return t('problems.noStore');
    if (!member) return t('problems.member');
    if (!member.card) return t('problems.noCard');
    if (!gift) return t('problems.gift');
    if (!Number.isInteger(qty) || qty < 1) return t('problems.quantity');
    if (gift.stock !== null && qty > gift.stock) return t('problems.stock', { stock: formatNumber(gift.stock) });
    if (points !== null && total > points) return t('problems.points', { short: formatNumber(total - points) });
    return null;
  })();

  const pick = (g: Gift) => {
    if (uncertain) return;
    setGiftId(g.id);
    setQuantity(1);
    focusById(QTY_ID);
  };

  const openConfirm = () => {
    if (confirming || slip) return;
    if (problem) {
      void message.warning({ content: problem, key: 'redeem-problem' });
      return;
    }
    // a new confirmation is a new submission (new key); one that got no answer is resent as it was
    if (!uncertain) discard();
    setConfirmError(null);
    setConfirming(true);
  };

  const submit = async () => {
    const sent = await send(
      () => (member && gift && !problem ? { memberId: member.id, giftId: gift.id, quantity: qty } : null),
      (body, key) => api.post<RedemptionDetail>(REDEMPTIONS_KEY, body, { headers: { 'Idempotency-Key': key } }),
    );
    if (!sent) return;
    if (!sent.ok) {
      if (sent.unknown) setConfirmError(t('uncertain'));
      else {
        setConfirmError(isApiError(sent.error) ? sent.error.message : String(sent.error));
        // the stock, the member's points or what they may take may have changed
        void qc.invalidateQueries({ queryKey: [GIFTS_KEY] });
        if (member) void qc.invalidateQueries({ queryKey: walletKey(member.id) });
      }
      return;
    }
    const r = sent.answer;
    setConfirming(false);
    setGiftId(null);
    setQuantity(1);
    if (r.balances && member) qc.setQueryData<MemberWallet>(walletKey(member.id), (w) => (w ? { ...w, points: r.balances!.points } : w));
    setSlip({ r, cardNo: member?.card?.cardNo ?? null });
    void message.success(t('done'));
    void qc.invalidateQueries({ queryKey: [GIFTS_KEY] });
    void qc.invalidateQueries({ queryKey: [REDEMPTIONS_KEY] });
    void qc.invalidateQueries({ queryKey: [MEMBERS_KEY] });
  };

  useHotkey('F9', () => {
    if (slip) return;
    if (confirming) void submit();
    else openConfirm();
  });

  const closeSlip = () => {
    setSlip(null);
    focusById(LOOKUP_ID);
  };

  const levelName = member?.levelId ? (levels.data ?? []).find((l) => l.id === member.levelId)?.name : undefined;
  const after = points !== null ? points - total : null;

  return (
    <>
      {!storeId ? <Alert type="warning" showIcon title={t('problems.noStore')} style={{ marginBottom: 16 }} data-testid="redeem-no-store" /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <MemberLookupCard
            lookup={lookup}
            inputId={LOOKUP_ID}
            memberTestId="redeem-member"
            texts={{ label: t('lookupLabel'), placeholder: t('lookupPlaceholder'), button: t('lookupButton'), noCard: t('problems.noCard'), cardBlock: (b) => t(`cardBlocks.${b}`) }}
            idle={
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                {t('lookupHint')}
              </Typography.Paragraph>
            }
          >
            {(m) => (
              <>
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label={t('member')}>
                    <Typography.Text strong data-testid="redeem-member-name">
                      {m.name}
                    </Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('cardNo')}>
                    <Typography.Text code>{m.card?.cardNo ?? '—'}</Typography.Text>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('phone')}>{m.phone ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('level')}>
                    <span data-testid="redeem-member-level">{levelName ?? '—'}</span>
                  </Descriptions.Item>
                </Descriptions>
                <Flex justify="space-between" align="end" wrap gap={8}>
                  <Statistic
                    title={t('points')}
                    value={points !== null ? formatNumber(points) : '—'}
                    styles={{ content: { fontSize: 26, color: '#d48806' } }}
                    valueRender={(node) => <span data-testid="redeem-member-points">{node}</span>}
                  />
                  <Button type="link" onClick={() => onShowRecords({ id: m.id, name: m.name })} data-testid="redeem-member-records">
                    {t('memberRecords')}
                  </Button>
                </Flex>
                {!can('wallet.view') ? <Typography.Text type="secondary">{t('pointsHidden')}</Typography.Text> : null}
              </>
            )}
          </MemberLookupCard>
        </Col>

        <Col xs={24} lg={15}>
          <Card size="small" title={t('giftsTitle', { store: storeName || '—' })}>
            {!member ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('problems.member')} />
            ) : gifts.isPending && gifts.isFetching ? (
              <Spin style={{ display: 'block', margin: '32px auto' }} />
            ) : gifts.isError ? (
              <Alert type="error" showIcon title={isApiError(gifts.error) ? gifts.error.message : String(gifts.error)} />
            ) : (gifts.data ?? []).length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noGifts')} />
            ) : (
              <Row gutter={[12, 12]} data-testid="redeem-gifts">
                {(gifts.data ?? []).map((g) => {
                  const selected = g.id === giftId;
                  const short = points !== null && g.pointsPrice > points;
                  return (
                    <Col key={g.id} xs={24} sm={12} xl={8}>
                      <Card
                        size="small"
                        hoverable
                        role="button"
                        tabIndex={0}
                        aria-pressed={selected}
                        data-testid={`redeem-gift-${g.id}`}
                        onClick={() => pick(g)}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter' || e.key === ' ') {
                            e.preventDefault();
                            pick(g);
                          }
                        }}
                        style={{ borderColor: selected ? '#1677ff' : undefined, boxShadow: selected ? '0 0 0 2px rgba(22,119,255,0.25)' : undefined, opacity: short ? 0.6 : 1 }}
                      >
                        <Flex vertical gap={4}>
                          <Flex justify="space-between" gap={8}>
                            <Typography.Text strong ellipsis={{ tooltip: g.name }}>
                              <GiftOutlined style={{ marginInlineEnd: 6 }} />
                              {g.name}
                            </Typography.Text>
                            <Tag color={KIND_COLORS[g.kind]} style={{ marginInlineEnd: 0 }}>
                              {t(`marketing.gifts:kinds.${g.kind}`)}
                            </Tag>
                          </Flex>
                          {g.kind !== 'goods' ? (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                              {giftGivesText(t, g)}
                            </Typography.Text>
                          ) : null}
                          <Flex justify="space-between" align="baseline">
                            <Typography.Text style={{ fontSize: 18, color: '#d48806' }}>
                              <span data-testid={`redeem-gift-points-${g.id}`}>{formatNumber(g.pointsPrice)}</span> <span style={{ fontSize: 12 }}>{t('pointsUnit')}</span>
                            </Typography.Text>
                            <Typography.Text type="secondary">
                              {t('stock')} <span data-testid={`redeem-gift-stock-${g.id}`}>{stockText(g.stock)}</span>
                            </Typography.Text>
                          </Flex>
                          {short ? <Typography.Text type="warning">{t('notEnoughPoints')}</Typography.Text> : null}
                        </Flex>
                      </Card>
                    </Col>
                  );
                })}
              </Row>
            )}

            <Flex align="center" gap={12} wrap style={{ marginTop: 16 }}>
              <Typography.Text>{t('quantity')}</Typography.Text>
              <InputNumber
                id={QTY_ID}
                data-testid={QTY_ID}
                aria-label={t('quantity')}
                min={1}
                max={maxQty}
                precision={0}
                disabled={!gift || uncertain}
                value={quantity}
                onChange={(v) => setQuantity(typeof v === 'number' ? v : null)}
                onPressEnter={(e) => {
                  e.preventDefault();
                  focusById(REDEEM_ID);
                }}
                style={{ width: 120 }}
              />
              <Typography.Text>
                {t('totalPoints')}{' '}
                <Typography.Text strong style={{ fontSize: 18 }} type={points !== null && total > points ? 'danger' : undefined} data-testid="redeem-total">
                  {formatNumber(total)}
                </Typography.Text>
              </Typography.Text>
              <Button
                id={REDEEM_ID}
                data-testid={REDEEM_ID}
                type="primary"
                size="large"
                icon={<GiftOutlined />}
                disabled={!member || !storeId}
                onClick={openConfirm}
                style={{ marginInlineStart: 'auto' }}
              >
                {uncertain ? t('retry') : t('redeem')} <Tag style={{ marginInlineStart: 8 }}>F9</Tag>
              </Button>
            </Flex>
            {problem && member && !uncertain ? (
              <Typography.Text type="warning" style={{ display: 'block', marginTop: 8 }} data-testid="redeem-problem">
                {problem}
              </Typography.Text>
            ) : null}
            {uncertain ? (
              <Alert
                type="error"
                showIcon
                style={{ marginTop: 12 }}
                title={t('uncertain')}
                data-testid="redeem-uncertain"
                action={
                  <Button size="small" onClick={discard}>
                    {t('discardUncertain')}
                  </Button>
                }
              />
            ) : null}
          </Card>
        </Col>
      </Row>

      <Modal
        open={confirming}
        title={t('confirmTitle')}
        onCancel={() => (submitting ? undefined : setConfirming(false))}
        destroyOnHidden
        mask={{ closable: false }}
        width={480}
        footer={
          <Flex justify="flex-end" gap={8}>
            <Button onClick={() => setConfirming(false)} disabled={submitting}>
              {t('common:actions.cancel')}
            </Button>
            <Button
              type="primary"
              loading={submitting}
              data-testid="redeem-confirm-ok"
              onKeyDown={(e) => {
                if (e.key === 'Enter') e.preventDefault();
              }}
              onClick={(e) => {
                // a scanner's Enter must never confirm: only a click, Space or F9
                if (e.detail === 0 && Date.now() - lastEnterAt.current < 500) return;
                void submit();
              }}
            >
              {uncertain ? t('retry') : t('confirmOk')} <Tag style={{ marginInlineStart: 8 }}>F9</Tag>
            </Button>
          </Flex>
        }
      >
        {member && gift ? (
          <Flex vertical gap={12} data-testid="redeem-confirm">
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('member')}>
                {member.name} {member.card ? <Typography.Text type="secondary">{member.card.cardNo}</Typography.Text> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('gift')}>
                {gift.name} × {formatNumber(qty)}
              </Descriptions.Item>
              <Descriptions.Item label={t('gives')}>{gift.kind === 'goods' ? t('marketing.gifts:kinds.goods') : giftGivesText(t, gift)}</Descriptions.Item>
              <Descriptions.Item label={t('totalPoints')}>
                <Typography.Text strong data-testid="redeem-confirm-total">
                  {formatNumber(total)}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            <Row gutter={12}>
              <Col span={12}>
                <Statistic title={t('pointsBefore')} value={points !== null ? formatNumber(points) : '—'} valueRender={(n) => <span data-testid="redeem-confirm-before">{n}</span>} />
              </Col>
              <Col span={12}>
                <Statistic
                  title={t('pointsAfter')}
                  value={after !== null ? formatNumber(after) : '—'}
                  styles={{ content: { color: '#d48806' } }}
                  valueRender={(n) => <span data-testid="redeem-confirm-after">{n}</span>}
                />
              </Col>
            </Row>
            {uncertain ? <Alert type="warning" showIcon title={t('uncertainResend')} /> : null}
            {confirmError ? <Alert type="error" showIcon title={confirmError} data-testid="redeem-confirm-error" /> : null}
          </Flex>
        ) : null}
      </Modal>

      <RedemptionSlipModal slip={slip?.r ?? null} ctx={{ merchantName: me.merchant.name, storeName, cardNo: slip?.cardNo }} fresh onClose={closeSlip} />
    </>
  );
}
