import { useState } from 'react';
import { Button, Flex, Input, Tag, Tooltip, Typography } from 'antd';
import { TagOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../app/money';
import { formatLastDay } from '../../../app/format';
import type { AppliedCoupon, CouponOption } from './checkout';

export const COUPON_INPUT_ID = 'till-coupon-input';
/** Q + 12 digits: what a coupon's barcode says (the server's COUPON_CODE) */
export const COUPON_CODE = /^Q\d{12}$/;

/**
 * 用券 at the till: coupons on the sale with what each took off, a box for a code (a scanner types
 * it and presses Enter; the main scan box takes codes too), and the member's coupons that fit this
 * cart, best first — the server checks everything again when the sale is paid.
 */
export function CouponPanel({
  codes,
  applied,
  options,
  error,
  disabled,
  onAdd,
  onRemove,
}: {
  codes: string[];
  applied: AppliedCoupon[];
  options: CouponOption[];
  /** the quote's refusal of one of the codes */
  error: { code: string; message: string } | null;
  disabled: boolean;
  onAdd: (code: string) => void;
  onRemove: (code: string) => void;
}) {
  const { t } = useTranslation('checkout.till');
  const [text, setText] = useState('');
  const usable = options.filter((o) => o.refusal === null && !codes.includes(o.code));
  const refused = options.filter((o) => o.refusal !== null);
  const add = () => {
    const code = text.trim().toUpperCase();
    if (!code) return;
    onAdd(code);
    setText('');
  };
  return (
    <div data-testid="till-coupons">
      <Flex gap={6} align="center" wrap>
        <TagOutlined />
        {codes.map((code) => {
          const a = applied.find((x) => x.code === code);
          const wrong = error?.code === code;
          return (
            <Tooltip key={code} title={wrong ? error?.message : code}>
              <Tag color={wrong ? 'error' : 'green'} closable={!disabled} onClose={() => onRemove(code)} data-testid={`till-coupon-${code}`}>
                {a ? `${a.name} −${formatFen(a.amountFen)}` : code}
              </Tag>
            </Tooltip>
          );
        })}
        <Input
          id={COUPON_INPUT_ID}
          size="small"
          style={{ width: 150 }}
          placeholder={t('coupons.placeholder')}
          aria-label={t('coupons.label')}
          value={text}
          disabled={disabled}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={(e) => {
            e.preventDefault();
            add();
          }}
          data-testid="till-coupon-input"
        />
      </Flex>
      {error ? (
        <Typography.Text type="danger" style={{ display: 'block', fontSize: 12, marginTop: 4 }} data-testid="till-coupon-error">
          {error.message}
        </Typography.Text>
      ) : null}
      {usable.length > 0 ? (
        <Flex gap={4} wrap style={{ marginTop: 4 }} data-testid="till-coupon-options">
          {usable.slice(0, 3).map((o, i) => (
            <Button key={o.code} size="small" type={i === 0 ? 'primary' : 'default'} ghost={i === 0} disabled={disabled} onClick={() => onAdd(o.code)} data-testid={`till-coupon-option-${o.code}`}>
              {i === 0 ? `${t('coupons.best')} · ` : ''}
              {t('coupons.option', { name: o.name, amount: formatFen(o.amountFen), until: formatLastDay(o.validTo) })}
            </Button>
          ))}
        </Flex>
      ) : null}
      {refused.length > 0 ? (
        <Tooltip title={refused.map((o) => o.refusal?.message).join('\n')}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="till-coupon-refused">
            {t('coupons.refused', { count: refused.length })}
          </Typography.Text>
        </Tooltip>
      ) : null}
    </div>
  );
}
