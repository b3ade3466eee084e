import { describe, expect, it } from 'vitest';
import { settingDefinitions } from '../org/settings.rules.js';
import { type RoutingRule, routeTicket, routingCategoryOf } from './routing.rules.js';

const defaults = settingDefinitions['tickets.routing'].default as RoutingRule[];
const route = (
  productCategory: string | null,
  ticketType: Parameters<typeof routeTicket>[0]['ticketType'] = 'repair',
  rules: readonly RoutingRule[] = defaults,
  classification: 'technical' | 'quality' = 'technical',
) => routeTicket({ classification, productCategory, ticketType, rules, qualityDepartmentCode: 'ZL' });

describe('routing rules (TKT-4)', () => {
  it('follows the seed defaults: hardware → 生产部, software → 研发部, data → 数据工程部, integration → 行业应用部', () => {
    expect(route('hardware')).toBe('SC');
    expect(route('software')).toBe('YF');
    expect(route('data')).toBe('SJ');
    expect(route('integration')).toBe('HY');
  });

  it('sends undetermined requests to the quality department, which coordinates', () => {
    expect(route(null)).toBe('ZL');
    expect(route('undetermined')).toBe('ZL');
    expect(route('something-else')).toBe('ZL');
    expect(routingCategoryOf('something-else')).toBe('undetermined');
  });

  it('sends quality information to the quality department whatever the category', () => {
    expect(route('hardware', 'repair', defaults, 'quality')).toBe('ZL');
    expect(route('software', 'complaint', defaults, 'quality')).toBe('ZL');
  });

  it('prefers the most specific rule (category and type) over the category alone', () => {
    const rules: RoutingRule[] = [
      { productCategory: 'hardware', ticketType: null, departmentCode: 'SC' },
      { productCategory: 'hardware', ticketType: 'installation', departmentCode: 'HY' },
      { productCategory: 'undetermined', ticketType: 'training', departmentCode: 'SH' },
      { productCategory: 'undetermined', ticketType: null, departmentCode: 'ZL' },
    ];
    expect(route('hardware', 'installation', rules)).toBe('HY');
    expect(route('hardware', 'repair', rules)).toBe('SC');
    // Order of the rules does not matter.
    expect(route('hardware', 'installation', [...rules].reverse())).toBe('HY');
    // A category without rules falls back to the undetermined rules, type-specific first.
    expect(route('software', 'training', rules)).toBe('SH');
    expect(route('software', 'repair', rules)).toBe('ZL');
  });

  it('falls back to the quality department when no rule matches at all', () => {
    expect(route('data', 'repair', [{ productCategory: 'hardware', ticketType: null, departmentCode: 'SC' }])).toBe(
      'ZL',
    );
  });
});
