import { lazy } from 'react';
import { GiftOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/marketing/gifts',
    titleKey: 'marketing.gifts:title',
    permission: ['gifts.view', 'gifts.redeem'],
    component: lazy(() => import('./GiftsPage')),
    menu: { group: 'marketing', icon: <GiftOutlined />, order: 9 },
  },
];
export default routes;
