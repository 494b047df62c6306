import { lazy } from 'react';
import { ShopOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/org/stores',
    titleKey: 'org.stores:title',
    permission: ['org.stores.view', 'org.stores.manage'],
    component: lazy(() => import('./StoresPage')),
    menu: { group: 'org', icon: <ShopOutlined />, order: 11 },
  },
];
export default routes;
