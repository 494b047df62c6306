import { lazy } from 'react';
import { GlobalOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/org/regions',
    titleKey: 'org.regions:title',
    permission: ['org.regions.view', 'org.regions.manage'],
    component: lazy(() => import('./RegionsPage')),
    menu: { group: 'org', icon: <GlobalOutlined />, order: 10 },
  },
];
export default routes;
