import { lazy } from 'react';
import { ShoppingCartOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/checkout',
    titleKey: 'checkout.till:title',
    permission: 'checkout.sell',
    component: lazy(() => import('./TillPage')),
    menu: { group: 'checkout', icon: <ShoppingCartOutlined />, order: 1 },
  },
];
export default routes;
