/**
 * Routing (TKT-3, TKT-4): a request goes to the department the rules of setting `tickets.routing`
 * name for its product category and ticket type. The most specific rule wins (category + type over
 * category alone); a request whose category is unknown is 'undetermined' (质量部 coordinates by
 * default). Quality information always goes to the quality department (`tickets.qualityDepartmentCode`).
 */
import type { routingCategories, TicketClassification, TicketType } from './tickets.contract.js';

export type RoutingCategory = (typeof routingCategories)[number];
export type RoutingRule = { productCategory: RoutingCategory; ticketType: string | null; departmentCode: string };

const knownCategories = new Set(['hardware', 'software', 'data', 'integration']);

/** A model's category as a routing input; anything else (none, unknown) is 'undetermined'. */
export function routingCategoryOf(category: string | null | undefined): RoutingCategory {
  return category && knownCategories.has(category) ? (category as RoutingCategory) : 'undetermined';
}

/**
 * The department code for a request. Order: quality information → quality department; a rule for
 * (category, type); a rule for (category, any type); the 'undetermined' rules likewise; finally the
 * quality department, which coordinates whatever no rule covers.
 */
export function routeTicket(input: {
  classification: TicketClassification;
  productCategory: string | null | undefined;
  ticketType: TicketType;
  rules: readonly RoutingRule[];
  qualityDepartmentCode: string;
}): string {
  if (input.classification === 'quality') return input.qualityDepartmentCode;
  const category = routingCategoryOf(input.productCategory);
  const find = (wanted: RoutingCategory) =>
    input.rules.find((rule) => rule.productCategory === wanted && rule.ticketType === input.ticketType) ??
    input.rules.find((rule) => rule.productCategory === wanted && rule.ticketType === null);
  return (find(category) ?? find('undetermined'))?.departmentCode ?? input.qualityDepartmentCode;
}
