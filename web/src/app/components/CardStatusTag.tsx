import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CardStatus } from '../members';

const colors: Record<CardStatus, string> = {
  active: 'success',
  lost: 'error',
  frozen: 'processing',
  expired: 'warning',
  replaced: 'default',
  cancelled: 'default',
};

export function CardStatusTag({ status }: { status: CardStatus | null | undefined }) {
  const { t } = useTranslation();
  if (!status) return <Tag>{t('cardStatus.none')}</Tag>;
  return <Tag color={colors[status]}>{t(`cardStatus.${status}`, { defaultValue: status })}</Tag>;
}
