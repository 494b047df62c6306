import { lazy } from 'react';
import { GiftOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/wallet/rules',
    titleKey: 'wallet.rules:title',
    permission: 'wallet.rules.manage',
    component: lazy(() => import('./RulesPage')),
    menu: { group: 'wallet', icon: <GiftOutlined />, order: 3 },
  },
];
export default routes;
