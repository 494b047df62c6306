import { lazy } from 'react';
import { CrownOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/members/levels',
    titleKey: 'members.levels:title',
    permission: ['members.view', 'members.levels.manage'],
    component: lazy(() => import('./LevelsPage')),
    menu: { group: 'members', icon: <CrownOutlined />, order: 2 },
  },
];
export default routes;
