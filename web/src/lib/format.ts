import dayjs from 'dayjs';

export const dash = '—';

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return dash;
  const date = dayjs(value);
  return date.isValid() ? date.format('YYYY-MM-DD HH:mm') : String(value);
}

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return dash;
  const date = dayjs(value);
  return date.isValid() ? date.format('YYYY-MM-DD') : String(value);
}

export const orDash = (value: string | number | null | undefined): string =>
  value === null || value === undefined || value === '' ? dash : String(value);

/** Integer fen → "12,345.60" (yuan with two decimals), without floating-point rounding. */
export function formatFen(fen: number | null | undefined, locale = 'zh-CN'): string {
  if (fen === null || fen === undefined) return dash;
  const negative = fen < 0;
  const absolute = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(absolute / 100);
  const cents = String(absolute % 100).padStart(2, '0');
  const grouped = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(yuan);
  return `${negative ? '-' : ''}¥${grouped}.${cents}`;
}

/** Integer fen → "12345.60", the value an amount input shows. */
export function fenToYuanString(fen: number | null | undefined): string | null {
  if (fen === null || fen === undefined) return null;
  const absolute = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

/**
 * "12345.6" → 1234560 fen by string arithmetic (no float error); null for empty input,
 * NaN for something that is not an amount with at most two decimals.
 */
export function yuanToFen(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (text === '') return null;
  const match = /^(-)?(\d+)(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) return Number.NaN;
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -fen : fen;
}

/** Date strings `YYYY-MM-DD` in forms, dayjs in the DatePicker. */
export const datePickerProps = {
  getValueProps: (value: string | null | undefined) => ({ value: value ? dayjs(value) : null }),
  normalize: (value: dayjs.Dayjs | null) => (value ? value.format('YYYY-MM-DD') : null),
};
