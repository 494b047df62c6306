import { lazy } from 'react';
import { HomeOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/',
    titleKey: 'home.dashboard:title',
    component: lazy(() => import('./HomePage')),
    menu: { group: 'home', icon: <HomeOutlined />, order: 0 },
  },
];
export default routes;
