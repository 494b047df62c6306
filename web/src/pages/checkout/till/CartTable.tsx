import { Button, Empty, Flex, InputNumber, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PercentageOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { bpToZhe, formatFen } from '../../../app/money';
import type { Adjustment, ManualChange, PricedLine } from './checkout';

export interface CartLine {
  key: number;
  productId: string;
  name: string;
  code: string;
  quantity: number;
  manual?: ManualChange;
  /** 积分价 of one unit (null: not sold for points) */
  pointsPrice?: number | null;
}

const RULE_COLORS: Record<string, string> = {
  special: 'volcano',
  level_price: 'gold',
  level_discount: 'gold',
  manual_price: 'purple',
  manual_percent: 'purple',
  manual_amount: 'purple',
  order_percent: 'blue',
  order_amount: 'blue',
  coupon: 'cyan',
  drop_fen: 'default',
  drop_jiao: 'default',
};

/** The rule of one price step in the cashier's words (会员价/特价/等级折扣/改价/手工折扣/整单折扣/抹零). */
export function ruleLabel(t: TFunction, a: Adjustment): string {
  return t(`rules.${a.rule}`, { ns: 'checkout.till', defaultValue: a.rule });
}

/** Why: the rate or price behind a step, and the cashier's reason where there is one. */
export function ruleDetail(t: TFunction, a: Adjustment, line: Pick<PricedLine, 'listUnitFen' | 'unitPriceFen'>): string {
  const ns = { ns: 'checkout.till' };
  switch (a.rule) {
    case 'level_discount':
      return t('why.level_discount', { ...ns, list: formatFen(line.listUnitFen), zhe: a.rateBp !== null ? bpToZhe(a.rateBp) : '?' });
    case 'level_price':
    case 'special':
      return t(`why.${a.rule}`, ns);
    case 'manual_price':
      return t('why.manual_price', { ...ns, reason: a.detail });
    case 'manual_percent':
    case 'order_percent':
      return t(`why.${a.rule}`, { ...ns, zhe: a.rateBp !== null ? bpToZhe(a.rateBp) : '?', reason: a.detail });
    case 'manual_amount':
    case 'order_amount':
      return t(`why.${a.rule}`, { ...ns, reason: a.detail });
    case 'drop_fen':
    case 'drop_jiao':
      return t(`why.${a.rule}`, ns);
    default:
      return a.detail;
  }
}

export function AdjustmentList({ line, testId }: { line: PricedLine; testId?: string }) {
  const { t } = useTranslation(['checkout.till', 'common']);
  if (line.adjustments.length === 0) return <Typography.Text type="secondary">{t('why.none')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }} data-testid={testId}>
      {line.adjustments.map((a, i) => (
        <Flex key={i} gap={8} align="center" justify="space-between">
          <span>
            <Tag color={RULE_COLORS[a.rule] ?? 'default'}>{ruleLabel(t, a)}</Tag>
            <Typography.Text type="secondary">{ruleDetail(t, a, line)}</Typography.Text>
          </span>
          <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{formatFen(a.amountFen)}</Typography.Text>
        </Flex>
      ))}
    </Space>
  );
}

/**
 * The cart: what was scanned, with the server's prices. A row's "why" lists every step of its
 * price. Prices of a line show only once the server has priced exactly this cart.
 */
export function CartTable({
  lines,
  priced,
  selectedKey,
  lineErrors,
  disabled,
  onSelect,
  onQuantity,
  onRemove,
  onDiscount,
}: {
  lines: CartLine[];
  /** the server's lines for exactly these cart lines, else null */
  priced: PricedLine[] | null;
  selectedKey: number | null;
  lineErrors: Map<number, string>;
  disabled: boolean;
  onSelect: (key: number) => void;
  onQuantity: (key: number, q: number) => void;
  onRemove: (key: number) => void;
  onDiscount: (key: number) => void;
}) {
  const { t } = useTranslation(['checkout.till', 'common']);
  const pricedOf = (i: number) => priced?.[i] ?? null;
  const money = (v: number | undefined, testId?: string, strong?: boolean) =>
    v === undefined ? (
      <Typography.Text type="secondary">…</Typography.Text>
    ) : (
      <Typography.Text strong={strong} data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {formatFen(v)}
      </Typography.Text>
    );

  return (
    <Table<CartLine>
      size="small"
      rowKey="key"
      data-testid="till-cart"
      pagination={false}
      dataSource={lines}
      scroll={{ y: 'calc(100vh - 360px)' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cart.empty')} /> }}
      rowClassName={(r) => (r.key === selectedKey ? 'till-row-selected' : '')}
      onRow={(r) => ({ onClick: () => onSelect(r.key) })}
      expandable={{
        expandedRowRender: (r) => {
          const i = lines.indexOf(r);
          const p = pricedOf(i);
          return p ? <AdjustmentList line={p} testId={`till-why-${i}`} /> : <Typography.Text type="secondary">…</Typography.Text>;
        },
        rowExpandable: () => true,
        columnTitle: <Tooltip title={t('cart.why')}>?</Tooltip>,
        columnWidth: 32,
      }}
      columns={[
        {
          title: t('cart.name'),
          key: 'name',
          ellipsis: true,
          render: (_, r, i) => {
            const p = pricedOf(i);
            const err = lineErrors.get(i);
            return (
              <div data-testid={`till-line-${i}`}>
                <Typography.Text strong>{r.name}</Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.code}
                  </Typography.Text>
                  {p?.adjustments.map((a, j) => (
                    <Tag key={j} color={RULE_COLORS[a.rule] ?? 'default'} style={{ marginInlineStart: 4, fontSize: 11, lineHeight: '16px' }}>
                      {ruleLabel(t, a)}
                    </Tag>
                  ))}
                </div>
                {err ? (
                  <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid={`till-line-error-${i}`}>
                    {err}
                  </Typography.Text>
                ) : null}
              </div>
            );
          },
        },
        {
          title: t('cart.qty'),
          key: 'qty',
          width: 92,
          render: (_, r, i) => (
            <InputNumber
              size="small"
              min={1}
              max={9999}
              precision={0}
              value={r.quantity}
              disabled={disabled}
              aria-label={t('cart.qty')}
              data-testid={`till-qty-${i}`}
              style={{ width: 76 }}
              onClick={(e) => e.stopPropagation()}
              onChange={(v) => {
                if (typeof v === 'number' && v >= 1) onQuantity(r.key, v);
              }}
              onPressEnter={(e) => {
                e.preventDefault();
                (e.target as HTMLInputElement).blur();
                onSelect(r.key);
              }}
            />
          ),
        },
        { title: t('cart.listPrice'), key: 'list', width: 90, align: 'right', render: (_, _r, i) => money(pricedOf(i)?.listUnitFen) },
        { title: t('cart.unitPrice'), key: 'unit', width: 90, align: 'right', render: (_, _r, i) => money(pricedOf(i)?.unitPriceFen, `till-unit-${i}`) },
        { title: t('cart.amount'), key: 'amount', width: 100, align: 'right', render: (_, _r, i) => money(pricedOf(i)?.amountFen, `till-amount-${i}`, true) },
        {
          title: '',
          key: 'actions',
          width: 76,
          render: (_, r, i) => (
            <Space size={0}>
              <Tooltip title={t('cart.discount')}>
                <Button
                  type="text"
                  size="small"
                  icon={<PercentageOutlined />}
                  aria-label={t('cart.discount')}
                  disabled={disabled}
                  data-testid={`till-line-discount-${i}`}
                  style={r.manual ? { color: '#722ed1' } : undefined}
                  onClick={(e) => {
                    e.stopPropagation();
                    onDiscount(r.key);
                  }}
                />
              </Tooltip>
              <Tooltip title={t('cart.remove')}>
                <Button
                  type="text"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('cart.remove')}
                  disabled={disabled}
                  data-testid={`till-line-remove-${i}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    onRemove(r.key);
                  }}
                />
              </Tooltip>
            </Space>
          ),
        },
      ]}
    />
  );
}
