import { Input } from 'antd';
import type { InputProps } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * A card number typed or scanned. Scanners type the digits and press Enter: Enter here
 * never submits the surrounding form.
 */
export function CardNoInput(props: Omit<InputProps, 'onPressEnter'>) {
  const { t } = useTranslation('members.list');
  return (
    <Input
      maxLength={32}
      autoComplete="off"
      placeholder={t('cardNoPlaceholder')}
      {...props}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          e.stopPropagation();
        }
        props.onKeyDown?.(e);
      }}
    />
  );
}

export const CARD_NO_RE = /^[A-Za-z0-9]{4,32}$/;
