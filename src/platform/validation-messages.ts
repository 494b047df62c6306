import type { Lang } from '../kernel/i18n';
import { interpolate } from '../kernel/i18n';

export interface FieldIssue {
  field: string;
  rule: string;
  message: string;
}

interface ZodIssueLike {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

const RULES: Record<string, Record<Lang, string>> = {
  required: { 'zh-CN': '必填', 'en-US': 'is required' },
  invalid_type: { 'zh-CN': '类型不正确，应为 {expected}', 'en-US': 'must be a {expected}' },
  too_small: { 'zh-CN': '不能小于 {minimum}', 'en-US': 'must be at least {minimum}' },
  too_small_string: { 'zh-CN': '长度不能少于 {minimum} 个字符', 'en-US': 'must have at least {minimum} characters' },
  too_big: { 'zh-CN': '不能大于 {maximum}', 'en-US': 'must be at most {maximum}' },
  too_big_string: { 'zh-CN': '长度不能超过 {maximum} 个字符', 'en-US': 'must have at most {maximum} characters' },
  invalid_format: { 'zh-CN': '格式不正确', 'en-US': 'has an invalid format' },
  invalid_value: { 'zh-CN': '取值不在允许范围内', 'en-US': 'is not an allowed value' },
  unrecognized_keys: { 'zh-CN': '包含未知字段 {keys}', 'en-US': 'has unknown fields {keys}' },
  not_multiple_of: { 'zh-CN': '必须是整数', 'en-US': 'must be a whole number' },
  custom: { 'zh-CN': '不符合要求（{detail}）', 'en-US': 'is invalid ({detail})' },
};

/** Turns a Zod issue into a field path and a message in the user's language. */
export function describeIssue(issue: ZodIssueLike, location: string, lang: Lang): FieldIssue {
  const path = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  const params = issue.params ?? {};
  let rule = issue.keyword;
  if (rule === 'invalid_type' && !('input' in params && params.input !== undefined)) rule = 'required';
  if ((rule === 'too_small' || rule === 'too_big') && params.origin === 'string') rule = `${rule}_string`;
  if (rule === 'invalid_type' && params.expected === 'int') rule = 'not_multiple_of';
  const template = RULES[rule] ?? RULES.custom!;
  const field = path || location;
  const text = interpolate(template[lang], {
    expected: params.expected,
    minimum: params.minimum,
    maximum: params.maximum,
    keys: Array.isArray(params.keys) ? params.keys.join(', ') : '',
    detail: issue.message ?? rule,
  });
  return { field, rule, message: `${field} ${text}` };
}
