import { lazy } from 'react';
import { TagOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../../app/types';

const routes: PageRoute[] = [
  {
    path: '/marketing/coupon-templates',
    titleKey: 'marketing.coupon-templates:title',
    permission: ['coupons.view', 'coupons.manage'],
    component: lazy(() => import('./TemplatesPage')),
    menu: { group: 'marketing', icon: <TagOutlined />, order: 6 },
  },
];
export default routes;
