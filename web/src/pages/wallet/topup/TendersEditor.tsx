import { Button, Flex, Input, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { fenToYuan, formatFen, yuanToFen } from '../../../app/money';
import { TENDER_METHODS, type TenderMethod } from './wallet';

export interface TenderRow {
  key: number;
  method: TenderMethod;
  /** yuan as typed */
  amount: string;
  reference: string;
}

export const MAX_TENDERS = 5;

/** Parsed amounts of the rows (null where the text is not a positive amount). */
export function tenderFens(rows: TenderRow[]): (number | null)[] {
  return rows.map((r) => {
    const fen = yuanToFen(r.amount);
    return fen !== null && fen > 0 ? fen : null;
  });
}

export function tenderAmountId(i: number) {
  return `topup-tender-amount-${i}`;
}
export function tenderRefId(i: number) {
  return `topup-tender-ref-${i}`;
}
export const CASH_RECEIVED_ID = 'topup-cash-received';

/**
 * The payments of one top-up: several methods, cash with the change worked out from what the
 * customer handed over, card / WeChat / Alipay with their reference numbers.
 */
export function TendersEditor({
  rows,
  amountFen,
  cashReceived,
  disabled,
  onRowsChange,
  onCashReceivedChange,
  onAdd,
  onEnter,
}: {
  rows: TenderRow[];
  amountFen: number | null;
  cashReceived: string;
  disabled: boolean;
  onRowsChange: (rows: TenderRow[], touched: boolean, focusId?: string) => void;
  onCashReceivedChange: (v: string) => void;
  onAdd: () => void;
  /** Enter in the field with this id: move on */
  onEnter: (id: string) => void;
}) {
  const { t } = useTranslation(['wallet.topup', 'common']);
  const fens = tenderFens(rows);
  const sum = fens.reduce<number>((a, b) => a + (b ?? 0), 0);
  const cashFen = rows.reduce((a, r, i) => a + (r.method === 'cash' ? (fens[i] ?? 0) : 0), 0);
  const hasCash = rows.some((r) => r.method === 'cash');
  const receivedFen = cashReceived.trim() ? yuanToFen(cashReceived) : null;
  const changeFen = receivedFen !== null && receivedFen >= cashFen ? receivedFen - cashFen : null;
  const diff = amountFen !== null ? amountFen - sum : null;

  const update = (i: number, patch: Partial<TenderRow>, focusId?: string) =>
    onRowsChange(
      rows.map((r, j) => (j === i ? { ...r, ...patch } : r)),
      true,
      focusId,
    );

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {rows.map((r, i) => (
        <Flex key={r.key} gap={8} wrap align="center" data-testid={`topup-tender-${i}`}>
          <Select<TenderMethod>
            aria-label={t('tenderMethod')}
            data-testid={`topup-tender-method-${i}`}
            value={r.method}
            disabled={disabled}
            style={{ width: 130 }}
            onChange={(method) => update(i, { method, reference: method === 'cash' ? '' : r.reference }, method === 'cash' ? undefined : tenderRefId(i))}
            options={TENDER_METHODS.map((m) => ({ value: m, label: t(`methods.${m}`) }))}
          />
          <Input
            id={tenderAmountId(i)}
            data-testid={tenderAmountId(i)}
            aria-label={t('tenderAmount')}
            prefix="¥"
            inputMode="decimal"
            autoComplete="off"
            maxLength={16}
            disabled={disabled}
            value={r.amount}
            status={r.amount.trim() && fens[i] === null ? 'error' : undefined}
            onChange={(e) => update(i, { amount: e.target.value })}
            onPressEnter={(e) => {
              // the Enter must not reach the next field or button once focus has moved there
              e.preventDefault();
              onEnter(tenderAmountId(i));
            }}
            style={{ width: 130 }}
          />
          {r.method !== 'cash' ? (
            <Input
              id={tenderRefId(i)}
              data-testid={tenderRefId(i)}
              aria-label={t('reference')}
              placeholder={t('referencePlaceholder')}
              autoComplete="off"
              maxLength={64}
              disabled={disabled}
              value={r.reference}
              status={!r.reference.trim() ? 'warning' : undefined}
              onChange={(e) => update(i, { reference: e.target.value })}
              onPressEnter={(e) => {
                e.preventDefault();
                onEnter(tenderRefId(i));
              }}
              style={{ flex: '1 1 160px', minWidth: 150 }}
            />
          ) : null}
          {rows.length > 1 ? (
            <Button
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('removeTender')}
              disabled={disabled}
              onClick={() => onRowsChange(rows.filter((_, j) => j !== i), true)}
            />
          ) : null}
        </Flex>
      ))}
      <Flex gap={12} align="center" wrap>
        <Button icon={<PlusOutlined />} size="small" onClick={onAdd} disabled={disabled || rows.length >= MAX_TENDERS} data-testid="topup-add-tender">
          {t('addTender')}
        </Button>
        {diff === null ? null : diff === 0 ? (
          <Typography.Text type="success" data-testid="topup-tenders-state">
            {t('balanced', { amount: formatFen(sum) })}
          </Typography.Text>
        ) : (
          <Typography.Text type="warning" data-testid="topup-tenders-state">
            {diff > 0 ? t('remaining', { amount: formatFen(diff) }) : t('overpaid', { amount: formatFen(-diff) })}
          </Typography.Text>
        )}
      </Flex>
      {hasCash ? (
        <Flex gap={8} align="center" wrap>
          <Typography.Text>{t('cashReceived')}</Typography.Text>
          <Input
            id={CASH_RECEIVED_ID}
            data-testid={CASH_RECEIVED_ID}
            aria-label={t('cashReceived')}
            placeholder={t('cashReceivedPlaceholder')}
            prefix="¥"
            inputMode="decimal"
            autoComplete="off"
            maxLength={16}
            disabled={disabled}
            value={cashReceived}
            status={cashReceived.trim() && (receivedFen === null || receivedFen < cashFen) ? 'error' : undefined}
            onChange={(e) => onCashReceivedChange(e.target.value)}
            onPressEnter={(e) => {
              e.preventDefault();
              onEnter(CASH_RECEIVED_ID);
            }}
            style={{ width: 200 }}
          />
          <Typography.Text>
            {t('change')}:{' '}
            <Typography.Text strong data-testid="topup-change">
              {changeFen !== null ? formatFen(changeFen) : '—'}
            </Typography.Text>
          </Typography.Text>
          {receivedFen !== null && receivedFen < cashFen ? (
            <Typography.Text type="danger">{t('cashShort', { amount: formatFen(cashFen) })}</Typography.Text>
          ) : null}
        </Flex>
      ) : null}
    </Space>
  );
}

/** A new payment row for what is still to pay, with a method not used yet (card first). */
export function nextTenderRow(rows: TenderRow[], amountFen: number | null, key: number): TenderRow {
  const used = new Set(rows.map((r) => r.method));
  const method = (['wechat', 'alipay', 'bank_card', 'cash'] as TenderMethod[]).find((m) => !used.has(m)) ?? 'wechat';
  const paid = tenderFens(rows).reduce<number>((a, b) => a + (b ?? 0), 0);
  const left = amountFen !== null ? amountFen - paid : 0;
  return { key, method, amount: left > 0 ? fenToYuan(left) : '', reference: '' };
}
