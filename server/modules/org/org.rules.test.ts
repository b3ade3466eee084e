import { describe, expect, it } from 'vitest';
import { suggestDepartmentCode } from './org.rules.js';

describe('department pinyin codes (ORG-2)', () => {
  it.each([
    ['营销中心', 'YX'],
    ['生产部', 'SC'],
    ['数据工程部', 'SJ'],
    ['行业应用部', 'HY'],
    ['研发部', 'YF'],
    ['质量部', 'ZL'],
    ['售后服务部', 'SH'],
    ['财务部', 'CW'],
  ])('%s → %s', (name, code) => {
    expect(suggestDepartmentCode(name)).toBe(code);
  });

  it('falls back to Latin letters', () => {
    expect(suggestDepartmentCode('IT support')).toBe('IT');
  });
});

describe('settings registry', async () => {
  const { resolveSetting, settingDefinitions } = await import('./settings.rules.js');
  it('uses the default when nothing or something invalid is stored', () => {
    expect(resolveSetting('warranty.defaultMonths', undefined)).toBe(36);
    expect(resolveSetting('warranty.defaultMonths', 'x')).toBe(36);
    expect(resolveSetting('warranty.defaultMonths', 24)).toBe(24);
  });
  it('every default satisfies its own schema', () => {
    for (const [key, definition] of Object.entries(settingDefinitions)) {
      expect(definition.schema.safeParse(definition.default).success, key).toBe(true);
    }
  });
});
