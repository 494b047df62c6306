import { lazy } from 'react';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/members/:id',
    titleKey: 'members.detail:title',
    permission: 'members.view',
    component: lazy(() => import('./MemberDetailPage')),
  },
];
export default routes;
