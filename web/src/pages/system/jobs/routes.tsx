import { lazy } from 'react';
import { ScheduleOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/system/jobs',
    titleKey: 'system.jobs:title',
    permission: 'settings.manage',
    component: lazy(() => import('./JobsPage')),
    menu: { group: 'system', icon: <ScheduleOutlined />, order: 32 },
  },
];
export default routes;
