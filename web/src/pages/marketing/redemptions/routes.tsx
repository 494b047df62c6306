import { lazy } from 'react';
import { SwapOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/marketing/redemptions',
    titleKey: 'marketing.redemptions:title',
    permission: ['gifts.view', 'gifts.redeem'],
    component: lazy(() => import('./RedemptionsPage')),
    menu: { group: 'marketing', icon: <SwapOutlined />, order: 10 },
  },
];
export default routes;
