import { lazy } from 'react';
import { FundOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/reports/coupon-effectiveness',
    titleKey: 'reports.coupon-effectiveness:title',
    permission: 'coupons.view',
    component: lazy(() => import('./CouponEffectivenessPage')),
    menu: { group: 'reports', icon: <FundOutlined />, order: 2 },
  },
];
export default routes;
