import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { config as configureZod } from 'zod/v4/core';
import zodEn from 'zod/v4/locales/en.js';
import zodZhCN from 'zod/v4/locales/zh-CN.js';
import { setApiLanguage } from '../api';
import { enUS } from './en-US';
import { zhCN } from './zh-CN';

export const locales = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof locales)[number];
export type Language = 'zh' | 'en';
export type MessageKey = keyof typeof zhCN;
export type TranslateParams = Record<string, string | number | null | undefined>;
export type Translate = (key: MessageKey, params?: TranslateParams) => string;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };
const storageKey = 'aftercare.locale';

export const isLocale = (value: unknown): value is Locale => locales.includes(value as Locale);
export const languageOf = (locale: Locale): Language => (locale === 'en-US' ? 'en' : 'zh');

function interpolate(text: string, params?: TranslateParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

export function translate(locale: Locale, key: MessageKey, params?: TranslateParams): string {
  return interpolate(dictionaries[locale][key] ?? key, params);
}

/** For keys built from server data (audit field names, setting groups): undefined when unknown. */
export function translateOptional(locale: Locale, key: string): string | undefined {
  return (dictionaries[locale] as Record<string, string>)[key];
}

function storedLocale(): Locale {
  try {
    const stored = localStorage.getItem(storageKey);
    if (isLocale(stored)) return stored;
  } catch {
    // storage may be unavailable (private mode); fall back to the default
  }
  return 'zh-CN';
}

/** Everything outside React that follows the UI language: dates, zod messages, the API header. */
function applyLocale(locale: Locale): void {
  dayjs.locale(locale === 'en-US' ? 'en' : 'zh-cn');
  configureZod(locale === 'en-US' ? zodEn() : zodZhCN());
  setApiLanguage(locale);
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(storageKey, locale);
  } catch {
    // not persisted; the choice still holds for this tab
  }
}

type LocaleContextValue = {
  locale: Locale;
  language: Language;
  setLocale: (locale: Locale) => void;
  t: Translate;
  tOptional: (key: string) => string | undefined;
};

const LocaleContext = createContext<LocaleContextValue | null>(null);

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const initial = storedLocale();
    applyLocale(initial);
    return initial;
  });
  const setLocale = useCallback((next: Locale) => {
    applyLocale(next);
    setLocaleState(next);
  }, []);
  const value = useMemo<LocaleContextValue>(
    () => ({
      locale,
      language: languageOf(locale),
      setLocale,
      t: (key, params) => translate(locale, key, params),
      tOptional: (key) => translateOptional(locale, key),
    }),
    [locale, setLocale],
  );
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}

export const useT = (): Translate => useLocale().t;
