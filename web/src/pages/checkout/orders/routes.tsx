import { lazy } from 'react';
import { FileSearchOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/checkout/orders',
    titleKey: 'checkout.orders:title',
    permission: 'orders.view',
    component: lazy(() => import('./OrdersPage')),
    menu: { group: 'checkout', icon: <FileSearchOutlined />, order: 2 },
  },
];
export default routes;
