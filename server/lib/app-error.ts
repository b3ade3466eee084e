/**
 * The one error type of the application. Its codes are a closed set mapped to HTTP statuses by the
 * error handler; its message is written for the user and names what was wrong.
 */
export const errorCodes = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** A one-time link that was used, expired or replaced (FBK-1). */
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof errorCodes;

export type FieldError = { field: string; message: string };

/** A message in both UI languages; the handler picks the one the caller asked for. */
export type LocalizedText = { zh: string; en: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly text: LocalizedText;
  readonly fields?: FieldError[];
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    text: LocalizedText,
    options: { fields?: FieldError[]; details?: Record<string, unknown> } = {},
  ) {
    super(text.en);
    this.code = code;
    this.text = text;
    this.fields = options.fields;
    this.details = options.details;
  }

  get status(): number {
    return errorCodes[this.code];
  }
}

export const notFound = (zhThing: string, enThing: string) =>
  new AppError('NOT_FOUND', { zh: `${zhThing}不存在或无权访问`, en: `${enThing} not found` });

export const versionConflict = (zhThing: string, enThing: string) =>
  new AppError('CONFLICT', {
    zh: `${zhThing}已被其他人修改，请刷新后重试`,
    en: `${enThing} was changed by someone else since you loaded it; reload and try again`,
  });

export const invalidField = (field: string, text: LocalizedText) =>
  new AppError('VALIDATION', text, { fields: [{ field, message: text.en }] });
