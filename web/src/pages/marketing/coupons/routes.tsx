import { lazy } from 'react';
import { CreditCardOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/marketing/coupons',
    titleKey: 'marketing.coupons:title',
    permission: 'coupons.view',
    component: lazy(() => import('./CouponsPage')),
    menu: { group: 'marketing', icon: <CreditCardOutlined />, order: 7 },
  },
];
export default routes;
