import { defineErrors } from '../../kernel/errors';

export const CatalogErrors = defineErrors({
  CATALOG_PRODUCT_NOT_FOUND: { status: 404, message: { 'zh-CN': '商品不存在', 'en-US': 'Product not found' } },
  CATALOG_CATEGORY_NOT_FOUND: { status: 404, message: { 'zh-CN': '商品分类不存在', 'en-US': 'Category not found' } },
  CATALOG_LEVEL_NOT_FOUND: { status: 404, message: { 'zh-CN': '会员等级不存在', 'en-US': 'Member level not found' } },
  CATALOG_STORE_NOT_FOUND: { status: 404, message: { 'zh-CN': '门店不存在', 'en-US': 'Store not found' } },
  CATALOG_BARCODE_TAKEN: { status: 409, message: { 'zh-CN': '条码 {barcode} 已被商品 {code} 使用', 'en-US': 'Barcode {barcode} is already used by product {code}' } },
  CATALOG_CATEGORY_NESTING: {
    status: 400,
    message: { 'zh-CN': '分类最多两级：上级分类须为一级分类，且有下级的分类不能再设上级', 'en-US': 'Categories have two levels at most: the parent must be top-level, and a category with sub-categories cannot get a parent' },
  },
  CATALOG_CATEGORY_ARCHIVED: { status: 409, message: { 'zh-CN': '该分类已停用', 'en-US': 'This category is archived' } },
  CATALOG_LEVEL_REPEATED: { status: 400, message: { 'zh-CN': '同一会员等级只能设置一个会员价', 'en-US': 'A level can have one member price only' } },
  CATALOG_ITEMS_INVALID: {
    status: 400,
    message: { 'zh-CN': '明细中的商品无效（{reason}）', 'en-US': 'An item is not valid ({reason})' },
  },
  CATALOG_SPECIAL_WINDOW_INVALID: { status: 400, message: { 'zh-CN': '特价结束时间须晚于开始时间', 'en-US': 'A special price must end after it starts' } },
  CATALOG_FIELD_REQUIRED: { status: 400, message: { 'zh-CN': '该类型的商品须填写 {field}', 'en-US': '{field} is required for this kind of product' } },
  CATALOG_FIELD_FORBIDDEN: { status: 400, message: { 'zh-CN': '该类型的商品不能填写 {field}', 'en-US': '{field} does not apply to this kind of product' } },
  CATALOG_IMPORT_VALUE_REQUIRED: { status: 400, message: { 'zh-CN': '{column} 必填', 'en-US': '{column} is required' } },
  CATALOG_IMPORT_VALUE_INVALID: { status: 400, message: { 'zh-CN': '{column} 的值无效：{value}', 'en-US': 'Invalid {column}: {value}' } },
  CATALOG_IMPORT_DUPLICATE: { status: 400, message: { 'zh-CN': '{column} {value} 在文件中重复', 'en-US': '{column} {value} appears more than once in the file' } },
  CATALOG_IMPORT_KIND_UNSUPPORTED: {
    status: 400,
    message: { 'zh-CN': '导入只支持商品（goods）和服务（service）；套餐、计次卡、计时请在页面中编辑', 'en-US': 'Only goods and services can be imported; edit packages, count cards and timed items in the UI' },
  },
  CATALOG_IMPORT_INVALID: {
    status: 400,
    message: { 'zh-CN': '导入文件有 {count} 处错误，未导入任何数据', 'en-US': 'The file has {count} problems; nothing was imported' },
  },
});
