import { Card, Col, Descriptions, Empty, Row, Typography, theme } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth, useMe } from '../../../app/auth';
import { visibleMenuRoutes } from '../../../app/routes';

export default function HomePage() {
  const { t } = useTranslation(['home.dashboard', 'common']);
  const me = useMe();
  const { can } = useAuth();
  const { token } = theme.useToken();
  const store = me.stores.find((s) => s.id === me.currentStoreId);
  const links = visibleMenuRoutes(can).filter((r) => r.path !== '/');

  return (
    <div className="page-container">
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('welcome', { name: me.staff.name || me.staff.username })}
        </Typography.Title>
        <Descriptions column={{ xs: 1, sm: 2, lg: 4 }} size="small">
          <Descriptions.Item label={t('merchant')}>{me.merchant.name}</Descriptions.Item>
          <Descriptions.Item label={t('merchantCode')}>{me.merchant.code}</Descriptions.Item>
          <Descriptions.Item label={t('currentStore')}>{store ? store.name : t('noStore')}</Descriptions.Item>
          <Descriptions.Item label={t('role')}>{me.isAdmin ? t('admin') : t('staff')}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card variant="borderless" title={t('quickLinks')}>
        {links.length === 0 ? (
          <Empty description={t('noLinks')} />
        ) : (
          <Row gutter={[16, 16]}>
            {links.map((r) => (
              <Col key={r.path} xs={12} sm={8} md={6} xl={4}>
                <Link to={r.path}>
                  <Card hoverable size="small" style={{ textAlign: 'center' }}>
                    <div style={{ fontSize: 26, color: token.colorPrimary, marginBottom: 8 }}>{r.menu?.icon}</div>
                    <div style={{ color: token.colorText }}>{t(r.titleKey)}</div>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        )}
      </Card>
    </div>
  );
}
