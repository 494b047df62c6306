import { lazy } from 'react';
import { MoneyCollectOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/wallet/topup',
    titleKey: 'wallet.topup:title',
    permission: 'wallet.topup',
    component: lazy(() => import('./TopupPage')),
    menu: { group: 'wallet', icon: <MoneyCollectOutlined />, order: 1 },
  },
];
export default routes;
