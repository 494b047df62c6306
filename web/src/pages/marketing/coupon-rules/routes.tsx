import { lazy } from 'react';
import { ThunderboltOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/marketing/coupon-rules',
    titleKey: 'marketing.coupon-rules:title',
    permission: ['coupons.view', 'coupons.manage'],
    component: lazy(() => import('./CouponRulesPage')),
    menu: { group: 'marketing', icon: <ThunderboltOutlined />, order: 8 },
  },
];
export default routes;
