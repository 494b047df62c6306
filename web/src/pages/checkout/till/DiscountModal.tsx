import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Flex, Input, Modal, Radio, Space, Tag, Typography } from 'antd';
import type { InputRef } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api';
import { bpToZhe, fenToYuan, formatFen, yuanToFen, zheToBp } from '../../../app/money';
import type { ManualChange, OrderDiscount } from './checkout';

type Kind = 'percent' | 'price' | 'amount';
const REASON_MAX = 100;

export interface DiscountTarget {
  mode: 'line' | 'order';
  /** the line's name, for the title */
  name?: string;
  /** the unit price now (without this line's manual change), for 改价 */
  unitPriceFen?: number;
  current?: ManualChange | OrderDiscount;
}

/**
 * 改价 / 手工折扣 on one line, or 整单折扣: the kind, the value and a required reason.
 * `onApply` asks the server (a trial quote) and throws its error when refused; the error
 * stays in the dialog next to the value that caused it.
 */
export function DiscountModal({
  target,
  onApply,
  onClose,
}: {
  target: DiscountTarget | null;
  onApply: (change: ManualChange | OrderDiscount | undefined) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation(['checkout.till', 'common']);
  const valueRef = useRef<InputRef>(null);
  const reasonRef = useRef<InputRef>(null);
  const [kind, setKind] = useState<Kind>('percent');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);

  const open = !!target;
  useEffect(() => {
    if (!target) return;
    const c = target.current;
    setKind(c?.kind ?? 'percent');
    setValue(!c ? '' : c.kind === 'percent' ? bpToZhe(c.rateBp) : c.kind === 'price' ? fenToYuan(c.unitPriceFen) : fenToYuan(c.amountFen));
    setReason(c?.reason ?? '');
    setError(null);
    setTouched(false);
    setBusy(false);
  }, [target]);

  const kinds: Kind[] = target?.mode === 'order' ? ['percent', 'amount'] : ['percent', 'price', 'amount'];

  const parsed: ManualChange | OrderDiscount | null = (() => {
    const r = reason.trim();
    if (kind === 'percent') {
      const bp = zheToBp(value);
      return bp !== null && bp > 0 && bp < 10_000 ? { kind, rateBp: bp, reason: r } : null;
    }
    const fen = yuanToFen(value);
    if (fen === null) return null;
    if (kind === 'price') return fen >= 0 ? { kind, unitPriceFen: fen, reason: r } : null;
    return fen > 0 ? { kind, amountFen: fen, reason: r } : null;
  })();
  const valueProblem = value.trim() && !parsed ? t(kind === 'percent' ? 'discount.percentInvalid' : 'discount.amountInvalid') : null;
  const reasonProblem = touched && !reason.trim() ? t('discount.reasonRequired') : null;

  const submit = async () => {
    setTouched(true);
    if (!parsed) {
      valueRef.current?.focus({ cursor: 'all' });
      return;
    }
    if (!parsed.reason) {
      reasonRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onApply(parsed);
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
      valueRef.current?.focus({ cursor: 'all' });
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await onApply(undefined);
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={target?.mode === 'order' ? t('discount.orderTitle') : t('discount.lineTitle', { name: target?.name ?? '' })}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (o) valueRef.current?.focus({ cursor: 'all' });
      }}
      footer={
        <Flex justify="space-between">
          {target?.current ? (
            <Button danger onClick={() => void remove()} disabled={busy} data-testid="till-discount-remove">
              {t('discount.remove')}
            </Button>
          ) : (
            <span />
          )}
          <Space>
            <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="till-discount-ok">
              {t('discount.apply')}
            </Button>
          </Space>
        </Flex>
      }
      data-testid="till-discount-modal"
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as Kind);
            setValue('');
            setError(null);
            valueRef.current?.focus();
          }}
          options={kinds.map((k) => ({ value: k, label: t(`discount.kinds.${k}`) }))}
          data-testid="till-discount-kind"
        />
        {target?.mode === 'line' && target.unitPriceFen !== undefined ? (
          <Typography.Text type="secondary">{t('discount.unitNow', { price: formatFen(target.unitPriceFen) })}</Typography.Text>
        ) : null}
        <div>
          <Input
            ref={valueRef}
            data-testid="till-discount-value"
            aria-label={t(`discount.valueLabel.${kind}`)}
            placeholder={t(`discount.valuePlaceholder.${kind}`)}
            prefix={kind === 'percent' ? undefined : '¥'}
            suffix={kind === 'percent' ? t('discount.zhe') : undefined}
            inputMode="decimal"
            autoComplete="off"
            maxLength={16}
            value={value}
            status={valueProblem || error ? 'error' : undefined}
            onChange={(e) => {
              setValue(e.target.value);
              setError(null);
            }}
            onPressEnter={(e) => {
              e.preventDefault();
              if (parsed) reasonRef.current?.focus();
            }}
          />
          {valueProblem ? <Typography.Text type="danger">{valueProblem}</Typography.Text> : null}
          {kind === 'percent' && parsed && 'rateBp' in parsed ? (
            <Typography.Text type="secondary" style={{ display: 'block' }}>
              {t('discount.percentHint', { zhe: bpToZhe(parsed.rateBp), off: (10_000 - parsed.rateBp) / 100 })}
            </Typography.Text>
          ) : null}
        </div>
        <div>
          <Input
            ref={reasonRef}
            data-testid="till-discount-reason"
            aria-label={t('discount.reason')}
            placeholder={t('discount.reasonPlaceholder')}
            autoComplete="off"
            maxLength={REASON_MAX}
            value={reason}
            status={reasonProblem ? 'error' : undefined}
            onChange={(e) => setReason(e.target.value)}
            onPressEnter={(e) => {
              e.preventDefault();
              void submit();
            }}
          />
          {reasonProblem ? <Typography.Text type="danger">{reasonProblem}</Typography.Text> : null}
          <Flex gap={4} wrap style={{ marginTop: 6 }}>
            {(t('discount.quickReasons', { returnObjects: true }) as string[]).map((r) => (
              <Tag.CheckableTag key={r} checked={reason === r} onChange={() => setReason(r)}>
                {r}
              </Tag.CheckableTag>
            ))}
          </Flex>
        </div>
        {error ? <Alert type="error" showIcon title={error} data-testid="till-discount-error" /> : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('discount.hint')}
        </Typography.Text>
      </Space>
    </Modal>
  );
}
