import { lazy } from 'react';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  { path: '/login', titleKey: 'auth.login:title', public: true, component: lazy(() => import('./LoginPage')) },
];
export default routes;
