import { interpolate, type Lang, type Localized } from './i18n';

export interface ErrorDefinition {
  status: number;
  message: Localized;
}

const catalog = new Map<string, ErrorDefinition>();

/**
 * Each module declares its stable error codes once, with HTTP status and messages in every
 * language. Codes are the contract with clients; messages may change, codes never do.
 */
export function defineErrors<const T extends Record<string, ErrorDefinition>>(defs: T): { [K in keyof T]: K } {
  const codes = {} as { [K in keyof T]: K };
  for (const [code, def] of Object.entries(defs)) {
    if (catalog.has(code)) throw new Error(`error code defined twice: ${code}`);
    catalog.set(code, def);
    (codes as Record<string, string>)[code] = code;
  }
  return codes;
}

export function errorCatalog(): ReadonlyMap<string, ErrorDefinition> {
  return catalog;
}

export interface AppErrorOptions {
  /** The input field the error is about, as a dotted path (`items.0.amount`). */
  field?: string;
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    readonly code: string,
    options: AppErrorOptions = {},
  ) {
    const def = catalog.get(code);
    if (!def) throw new Error(`unknown error code: ${code}`);
    super(`${code}: ${def.message['en-US']}`);
    this.status = def.status;
    this.field = options.field;
    this.details = options.details;
  }

  localizedMessage(lang: Lang): string {
    const def = catalog.get(this.code);
    return interpolate(def?.message[lang] ?? this.code, { field: this.field, ...this.details });
  }
}

export const CommonErrors = defineErrors({
  VALIDATION_FAILED: {
    status: 400,
    message: { 'zh-CN': '输入有误：{field}', 'en-US': 'Invalid input: {field}' },
  },
  NOT_FOUND: { status: 404, message: { 'zh-CN': '记录不存在', 'en-US': 'Record not found' } },
  ROUTE_NOT_FOUND: { status: 404, message: { 'zh-CN': '接口不存在', 'en-US': 'No such endpoint' } },
  CONFLICT: { status: 409, message: { 'zh-CN': '数据已被修改，请刷新后重试', 'en-US': 'The record changed; reload and retry' } },
  CODE_TAKEN: { status: 409, message: { 'zh-CN': '编号 {code} 已被使用', 'en-US': 'Code {code} is already in use' } },
  PAYLOAD_TOO_LARGE: { status: 413, message: { 'zh-CN': '请求内容过大', 'en-US': 'Request body too large' } },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: { 'zh-CN': '请求格式不支持', 'en-US': 'Unsupported content type' } },
  MALFORMED_JSON: { status: 400, message: { 'zh-CN': '请求内容不是合法的 JSON', 'en-US': 'The request body is not valid JSON' } },
  INTERNAL_ERROR: { status: 500, message: { 'zh-CN': '系统内部错误，请稍后重试', 'en-US': 'Internal error; please retry later' } },
});
