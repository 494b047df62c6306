import { defineErrors } from '../../kernel/errors';

export const OrgErrors = defineErrors({
  STORE_REQUIRED: { status: 400, message: { 'zh-CN': '请先在右上角选择当前门店', 'en-US': 'Choose the current store first' } },
  ORG_REGION_NOT_FOUND: { status: 404, message: { 'zh-CN': '区域不存在', 'en-US': 'Region not found' } },
  ORG_CITY_NOT_FOUND: { status: 404, message: { 'zh-CN': '城市不存在', 'en-US': 'City not found' } },
  ORG_STORE_NOT_FOUND: { status: 404, message: { 'zh-CN': '门店不存在', 'en-US': 'Store not found' } },
  ORG_TILL_NOT_FOUND: { status: 404, message: { 'zh-CN': '收银台不存在', 'en-US': 'Till not found' } },
  ORG_REGION_IN_USE: {
    status: 409,
    message: { 'zh-CN': '该区域下还有城市或门店，不能删除', 'en-US': 'The region still has cities or stores' },
  },
  ORG_CITY_IN_USE: { status: 409, message: { 'zh-CN': '该城市下还有门店，不能删除', 'en-US': 'The city still has stores' } },
  ORG_CITY_NOT_IN_REGION: {
    status: 400,
    message: { 'zh-CN': '所选城市不属于所选区域', 'en-US': 'The city does not belong to the chosen region' },
  },
});
