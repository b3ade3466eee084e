import type { Station } from '../../../../server/modules/org/org.contract';
import { defineResource, useList } from '../../lib/resource';

export const stationsApi = defineResource<Station, { items: Station[] }>('/api/stations', 'stations', {
  related: ['users', 'customers', 'equipment', 'contracts'],
});

/** Active stations for pickers and filters. */
export function useStationOptions() {
  const query = useList(stationsApi, { active: 'true' });
  const options = (query.data?.items ?? []).map((station) => ({ value: station.id, label: station.name }));
  return { ...query, options };
}
