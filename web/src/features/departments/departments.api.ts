import type { Department } from '../../../../server/modules/org/org.contract';
import { api } from '../../lib/api';
import { defineResource, useList } from '../../lib/resource';

export const departmentsApi = defineResource<Department, { items: Department[] }>('/api/departments', 'departments', {
  related: ['users'],
});

export function useDepartmentOptions() {
  const query = useList(departmentsApi, { active: 'true' });
  const options = (query.data?.items ?? []).map((department) => ({
    value: department.id,
    label: `${department.name} (${department.code})`,
  }));
  return { ...query, options };
}

export const suggestDepartmentCode = (name: string) =>
  api.get<{ code: string }>('/api/departments/code-suggestion', { name });
