import { lazy } from 'react';
import { AccountBookOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/wallet/balances',
    titleKey: 'wallet.balances:title',
    permission: 'wallet.view',
    component: lazy(() => import('./BalancesPage')),
    menu: { group: 'wallet', icon: <AccountBookOutlined />, order: 4 },
  },
];
export default routes;
