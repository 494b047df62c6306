import { lazy } from 'react';
import { FileTextOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/wallet/topups',
    titleKey: 'wallet.topups:title',
    permission: 'wallet.view',
    component: lazy(() => import('./TopupsPage')),
    menu: { group: 'wallet', icon: <FileTextOutlined />, order: 2 },
  },
];
export default routes;
