import { lazy } from 'react';
import { TeamOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/staff/staff',
    titleKey: 'staff.staff:title',
    permission: ['staff.view', 'staff.manage'],
    component: lazy(() => import('./StaffPage')),
    menu: { group: 'staff', icon: <TeamOutlined />, order: 20 },
  },
];
export default routes;
