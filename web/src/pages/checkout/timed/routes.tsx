import { lazy } from 'react';
import { FieldTimeOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/checkout/timed',
    titleKey: 'checkout.timed:title',
    permission: 'checkout.sell',
    component: lazy(() => import('./TimedPage')),
    menu: { group: 'checkout', icon: <FieldTimeOutlined />, order: 3 },
  },
];
export default routes;
