import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { safeParse, type $ZodType } from 'zod/v4/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Clock } from '../kernel/clock';
import { AppError } from '../kernel/errors';
import { pickLang, type Lang } from '../kernel/i18n';
import { requirePermission } from './access';
import type { AccessContext } from './context';
import { claimKey, releaseKey, requestHash } from './idempotency';
import { PlatformErrors } from './platform.errors';
import { describeIssue } from './validation-messages';
import type { WriteScope, Writer } from './write';

export const SESSION_COOKIE = 'sid';
export const CSRF_COOKIE = 'csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** no session needed (login, health, docs) */
    public?: boolean;
    /** permission from the catalog that the route requires; with several, any one of them */
    permission?: string | readonly string[];
  }
  interface FastifyRequest {
    lang: Lang;
    access: AccessContext | null;
    idempotencyKey: string | null;
    /** runs fn in one transaction as the signed-in staff member; stores the idempotent response */
    write<T>(fn: (w: WriteScope) => Promise<T>, options?: { status?: number }): Promise<T>;
  }
}

export interface ResolvedSession {
  access: AccessContext;
  csrfToken: string;
}

export interface HttpPlatformDeps {
  db: Kysely<Database>;
  clock: Clock;
  writer: Writer;
  resolveSession(token: string, req: FastifyRequest): Promise<ResolvedSession | null>;
  /** when the web UI is served: unknown non-API GETs get index.html so client routes reload */
  serveSpa: boolean;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function errorBody(err: AppError, lang: Lang) {
  return {
    error: {
      code: err.code,
      message: err.localizedMessage(lang),
      ...(err.field ? { field: err.field } : {}),
      ...(err.details ? { details: err.details } : {}),
    },
  };
}

/** The signed-in staff member of a route that is not public. */
export function accessOf(req: FastifyRequest): AccessContext {
  if (!req.access) throw new AppError(PlatformErrors.AUTH_REQUIRED);
  return req.access;
}

/**
 * Cross-cutting HTTP behaviour: language, session and CSRF, permission checks, idempotency,
 * the write helper, and one error format for everything (never a 500 for a user's mistake).
 */
export function installHttpPlatform(app: FastifyInstance, deps: HttpPlatformDeps): void {
  // Like the zod provider's compiler, but with each issue's input, so "wrong type" and "missing" differ.
  app.setValidatorCompiler(({ schema }) => (data) => {
    const result = safeParse(schema as $ZodType, data, { reportInput: true });
    if (!result.error) return { value: result.data };
    return {
      error: result.error.issues.map((issue) => {
        const { path, code, message, ...params } = issue;
        return { instancePath: `/${path.join('/')}`, keyword: code, message, params };
      }) as never,
    };
  });
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('lang', 'zh-CN');
  app.decorateRequest('access', null);
  app.decorateRequest('idempotencyKey', null);
  app.decorateRequest('write', function write<T>(this: FastifyRequest, fn: (w: WriteScope) => Promise<T>, options: { status?: number } = {}) {
    const access = accessOf(this);
    const key = this.idempotencyKey;
    return deps.writer.run(access, fn, { idempotencyKey: key ?? undefined, responseStatus: options.status }).then((value) => {
      this.idempotencyKey = null; // completed in the transaction
      return value;
    });
  });

  app.addHook('onRequest', async (req) => {
    req.lang = pickLang(req.headers['accept-language']);
    const token = req.cookies[SESSION_COOKIE];
    const config = req.routeOptions.config;
    if (!req.routeOptions.url?.startsWith('/api/')) return;
    const session = token ? await deps.resolveSession(token, req) : null;
    if (session) req.access = session.access;
    if (config.public) return;
    if (!session) throw new AppError(PlatformErrors.AUTH_REQUIRED);
    if (MUTATING.has(req.method) && req.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new AppError(PlatformErrors.AUTH_CSRF_INVALID);
    }
    if (config.permission) requirePermission(session.access, config.permission);
  });

  app.addHook('preHandler', async (req, reply) => {
    const header = req.headers['idempotency-key'];
    if (!MUTATING.has(req.method) || header === undefined || !req.access) return;
    if (typeof header !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(header)) {
      throw new AppError(PlatformErrors.IDEMPOTENCY_KEY_INVALID, { field: 'Idempotency-Key' });
    }
    const hash = requestHash({ method: req.method, url: req.url, staffId: req.access.staffId, body: req.body });
    const claim = await claimKey(deps.db, req.access.merchantId, header, hash, deps.clock.now());
    if (claim.kind === 'replay') {
      return reply.code(claim.status).header('idempotent-replayed', 'true').send(claim.body);
    }
    req.idempotencyKey = header;
  });

  // A claimed key whose request did not complete a write is freed before the response leaves,
  // so the client may retry at once; onResponse covers requests aborted before sending.
  const release = async (req: FastifyRequest) => {
    if (req.idempotencyKey && req.access) {
      const key = req.idempotencyKey;
      req.idempotencyKey = null;
      await releaseKey(deps.db, req.access.merchantId, key);
    }
  };
  app.addHook('onSend', async (req) => release(req));
  app.addHook('onResponse', async (req) => release(req));

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => sendError(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    if (deps.serveSpa && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send(errorBody(new AppError('ROUTE_NOT_FOUND'), pickLang(req.headers['accept-language'])));
  });
}

function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const lang = req.lang ?? pickLang(req.headers['accept-language']);
  if (err instanceof AppError) return reply.code(err.status).send(errorBody(err, lang));
  const validation = (err as FastifyError).validation;
  if (Array.isArray(validation) && validation.length > 0) {
    const location = (err as FastifyError).validationContext ?? 'body';
    const issues = validation.map((issue) => describeIssue(issue as Parameters<typeof describeIssue>[0], location, lang));
    const first = issues[0];
    const appErr = new AppError('VALIDATION_FAILED', { field: first?.field, details: { location, issues } });
    const body = errorBody(appErr, lang);
    body.error.message = first?.message ?? body.error.message;
    return reply.code(400).send(body);
  }
  const fastifyErr = err as FastifyError;
  const byFastifyCode: Record<string, string> = {
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
    FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
  };
  const mapped = fastifyErr.code ? byFastifyCode[fastifyErr.code] : undefined;
  if (mapped) return reply.code(new AppError(mapped).status).send(errorBody(new AppError(mapped), lang));
  if (err instanceof SyntaxError || (fastifyErr.statusCode === 400 && !fastifyErr.code?.startsWith('FST_ERR_RESPONSE'))) {
    return reply.code(400).send(errorBody(new AppError('MALFORMED_JSON'), lang));
  }
  req.log.error({ err }, 'unhandled error');
  return reply.code(500).send(errorBody(new AppError('INTERNAL_ERROR'), lang));
}
