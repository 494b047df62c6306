import { lazy } from 'react';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  { path: '/join/:merchantCode/:storeId', titleKey: 'public.join:title', public: true, component: lazy(() => import('./JoinPage')) },
];
export default routes;
