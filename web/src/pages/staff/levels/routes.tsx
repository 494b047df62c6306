import { lazy } from 'react';
import { RiseOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/staff/levels',
    titleKey: 'staff.levels:title',
    permission: ['staff.view', 'staff.levels.manage'],
    component: lazy(() => import('./StaffLevelsPage')),
    menu: { group: 'staff', icon: <RiseOutlined />, order: 21 },
  },
];
export default routes;
