import { lazy } from 'react';
import { CreditCardOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/members/card-types',
    titleKey: 'members.card-types:title',
    permission: ['members.view', 'members.card_types.manage'],
    component: lazy(() => import('./CardTypesPage')),
    menu: { group: 'members', icon: <CreditCardOutlined />, order: 3 },
  },
];
export default routes;
