import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

export function ForbiddenPage() {
  const { t } = useTranslation();
  const nav = useNavigate();
  return (
    <Result
      status="403"
      title={t('errors.forbiddenTitle')}
      subTitle={t('errors.forbidden')}
      extra={<Button type="primary" onClick={() => nav('/')}>{t('actions.backHome')}</Button>}
    />
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  const nav = useNavigate();
  return (
    <Result
      status="404"
      title={t('errors.notFoundTitle')}
      subTitle={t('errors.notFound')}
      extra={<Button type="primary" onClick={() => nav('/')}>{t('actions.backHome')}</Button>}
    />
  );
}
