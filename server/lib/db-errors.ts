import { AppError, type LocalizedText } from './app-error.js';

type ConstraintMessage = { field?: string; text: LocalizedText };

/** Constraint name → the message a user sees when a write hits it. Modules register theirs. */
const constraintMessages = new Map<string, ConstraintMessage>();

export function registerConstraintMessages(entries: Record<string, ConstraintMessage>): void {
  for (const [name, message] of Object.entries(entries)) constraintMessages.set(name, message);
}

type PgError = { code?: string; constraint?: string; cause?: unknown };

function findPgError(error: unknown): PgError | undefined {
  let current = error as PgError | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === 'string' && /^[0-9A-Z]{5}$/.test(current.code)) return current;
    current = current.cause as PgError | undefined;
  }
  return undefined;
}

/** Translates a database error into an AppError, or returns undefined for errors that are bugs. */
export function fromDatabaseError(error: unknown): AppError | undefined {
  const pgError = findPgError(error);
  if (!pgError) return undefined;
  const known = pgError.constraint ? constraintMessages.get(pgError.constraint) : undefined;
  const fields = known?.field ? [{ field: known.field, message: known.text.en }] : undefined;
  switch (pgError.code) {
    case '23505':
      return new AppError(
        'CONFLICT',
        known?.text ?? { zh: '记录重复，已存在相同的值', en: 'A record with the same value already exists' },
        { fields },
      );
    case '23503':
      return new AppError(
        'VALIDATION',
        known?.text ?? {
          zh: '引用的记录不存在或仍被引用',
          en: 'A referenced record does not exist or is still in use',
        },
        { fields },
      );
    case '23514':
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
      return new AppError(
        'VALIDATION',
        known?.text ?? { zh: '数据不符合规则', en: 'The data breaks a rule of the database' },
        { fields },
      );
    case '40001':
    case '40P01':
      return new AppError('CONFLICT', { zh: '并发冲突，请重试', en: 'Concurrent change conflict; try again' });
    case '57P01':
    case '08006':
    case '08001':
      return new AppError('UNAVAILABLE', { zh: '数据库暂不可用', en: 'The database is unavailable' });
    default:
      return undefined;
  }
}
