/**
 * Calendar dates of instants in a time zone. Building an `Intl.DateTimeFormat` costs far more than
 * using one, and hot paths (issuing parts, numbering tickets) ask on every request, so the
 * formatters are kept per zone.
 */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const monthFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat) {
  let format = cache.get(timeZone);
  if (!format) {
    format = make();
    cache.set(timeZone, format);
  }
  return format;
}

/** The calendar day (YYYY-MM-DD) of `instant` in `timeZone`. */
export function dateInZone(instant: Date, timeZone: string): string {
  return cached(
    dayFormats,
    timeZone,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).format(instant);
}

/** Year and month (numbers) of `instant` in `timeZone`. */
export function yearMonthInZone(instant: Date, timeZone: string): { year: number; month: number } {
  const parts = cached(
    monthFormats,
    timeZone,
    () => new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' }),
  ).formatToParts(instant);
  return {
    year: Number(parts.find((part) => part.type === 'year')?.value),
    month: Number(parts.find((part) => part.type === 'month')?.value),
  };
}
