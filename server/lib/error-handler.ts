import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from './app-error.js';
import { fromDatabaseError } from './db-errors.js';
import { issuesToFields, type Language, pickLanguage, RequestValidationError } from './validation.js';

export type ErrorBody = {
  error: { code: string; message: string; fields?: FieldError[]; details?: Record<string, unknown> };
};

export function requestLanguage(request: FastifyRequest): Language {
  return pickLanguage(request.headers['accept-language']);
}

const partNames: Record<string, { zh: string; en: string }> = {
  body: { zh: '请求内容', en: 'request body' },
  querystring: { zh: '查询参数', en: 'query' },
  params: { zh: '路径参数', en: 'path' },
  headers: { zh: '请求头', en: 'headers' },
};

function send(reply: FastifyReply, status: number, body: ErrorBody) {
  return reply.status(status).type('application/json').send(body);
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const language = requestLanguage(request);
    if (error instanceof RequestValidationError) {
      const fields = issuesToFields(error.issues, language);
      const part = partNames[error.part]?.[language] ?? error.part;
      const summary = fields.map((field) => `${field.field}: ${field.message}`).join('; ');
      const message = language === 'zh' ? `${part}有误 — ${summary}` : `Invalid ${part} — ${summary}`;
      return send(reply, 400, { error: { code: 'VALIDATION', message, fields } });
    }
    const appError = error instanceof AppError ? error : fromDatabaseError(error);
    if (appError) {
      const fields = appError.fields?.map((field) => ({
        field: field.field,
        message: language === 'zh' ? appError.text.zh : appError.text.en,
      }));
      return send(reply, appError.status, {
        error: { code: appError.code, message: appError.text[language], fields, details: appError.details },
      });
    }
    const status = (error as FastifyError).statusCode;
    if (status === 429) {
      return send(reply, 429, {
        error: {
          code: 'RATE_LIMITED',
          message: language === 'zh' ? '请求过于频繁，请稍后再试' : 'Too many requests; try again later',
        },
      });
    }
    if (status === 403 && (error as FastifyError).code?.startsWith('FST_CSRF')) {
      return send(reply, 403, {
        error: {
          code: 'FORBIDDEN',
          message:
            language === 'zh'
              ? '安全校验失败（CSRF），请刷新页面后重试'
              : 'Security check failed (CSRF); reload the page and try again',
        },
      });
    }
    if (status && status >= 400 && status < 500) {
      const message =
        status === 413
          ? language === 'zh'
            ? '上传的内容过大'
            : 'The upload is too large'
          : language === 'zh'
            ? `请求无效：${error.message}`
            : `Bad request: ${error.message}`;
      return send(reply, status, { error: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION', message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, {
      error: {
        code: 'INTERNAL',
        message: language === 'zh' ? '服务器内部错误，请稍后重试' : 'Internal server error; try again later',
      },
    });
  });
}

/** JSON 404 for the API; with a built web app, other GETs get index.html (client-side routes). */
export function installNotFoundHandler(app: FastifyInstance, options: { spa: boolean }): void {
  app.setNotFoundHandler((request, reply) => {
    if (options.spa && request.method === 'GET' && !request.url.startsWith('/api')) {
      return reply.type('text/html').sendFile('index.html');
    }
    const language = requestLanguage(request);
    return send(reply, 404, {
      error: { code: 'NOT_FOUND', message: language === 'zh' ? '接口不存在' : 'No such endpoint' },
    });
  });
}
