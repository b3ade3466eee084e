import { Select, type SelectProps } from 'antd';
import { useStationOptions } from '../features/stations/stations.api';
import { useT } from '../lib/i18n';

/** Picks one active station; passes other Select props (value/onChange from Form.Item) through. */
export function StationSelect(props: SelectProps<number>) {
  const t = useT();
  const { options, isPending } = useStationOptions();
  return (
    <Select<number>
      showSearch={{ optionFilterProp: 'label' }}
      loading={isPending}
      options={options}
      placeholder={t('field.station')}
      {...props}
    />
  );
}
