import { lazy } from 'react';
import { DesktopOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/org/tills',
    titleKey: 'org.tills:title',
    permission: ['org.tills.view', 'org.tills.manage'],
    component: lazy(() => import('./TillsPage')),
    menu: { group: 'org', icon: <DesktopOutlined />, order: 12 },
  },
];
export default routes;
