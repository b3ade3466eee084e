/** Option lists and pickers of ticket fields, shared by the intake form and the ticket dialogs. */
import { InfoCircleOutlined } from '@ant-design/icons';
import { Flex, Popover, Radio, Table, Typography } from 'antd';
import {
  responseMethods,
  serviceModes,
  ticketChannels,
  ticketClassifications,
  ticketRegions,
  ticketTypes,
} from '../../../../server/modules/tickets/tickets.contract';
import { type Translate, useT } from '../../lib/i18n';
import { faultLevelValues, levelKey } from './ticket-format';

export const channelOptions = (t: Translate) =>
  ticketChannels.map((value) => ({ value, label: t(`tickets.channel.${value}`) }));
export const typeOptions = (t: Translate) => ticketTypes.map((value) => ({ value, label: t(`tickets.type.${value}`) }));
export const serviceModeOptions = (t: Translate) =>
  serviceModes.map((value) => ({ value, label: t(`tickets.serviceMode.${value}`) }));
export const regionOptions = (t: Translate) =>
  ticketRegions.map((value) => ({ value, label: t(`tickets.region.${value}`) }));
export const classificationOptions = (t: Translate) =>
  ticketClassifications.map((value) => ({ value, label: t(`tickets.classification.${value}`) }));
export const responseMethodOptions = (t: Translate) =>
  responseMethods.map((value) => ({ value, label: t(`tickets.responseMethod.${value}`) }));

/** The TKT-6 table (fault level, meaning, response and on-site targets) as help. */
export function FaultLevelHelp() {
  const t = useT();
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="level"
      style={{ maxWidth: 560 }}
      dataSource={faultLevelValues.map((level) => ({ level }))}
      columns={[
        {
          key: 'level',
          title: t('tickets.field.faultLevel'),
          render: (_, row) => t(`tickets.levelLabel.${levelKey(row.level)}`),
        },
        {
          key: 'meaning',
          title: t('tickets.levelHelp.meaning'),
          render: (_, row) => t(`tickets.levelMeaning.${levelKey(row.level)}`),
        },
        {
          key: 'respond',
          title: t('tickets.levelHelp.respond'),
          render: (_, row) => t(`tickets.levelRespond.${levelKey(row.level)}`),
        },
        {
          key: 'onSite',
          title: t('tickets.levelHelp.onSite'),
          render: (_, row) => t(`tickets.levelOnSite.${levelKey(row.level)}`),
        },
      ]}
    />
  );
}

/** The label of a fault-level field with the TKT-6 table one click away. */
export function FaultLevelLabel() {
  const t = useT();
  return (
    <Flex gap={6} align="center">
      {t('tickets.field.faultLevel')}
      <Popover content={<FaultLevelHelp />} title={t('tickets.levelHelp.title')} trigger={['click', 'hover']}>
        <InfoCircleOutlined style={{ color: 'rgba(0,0,0,0.45)', cursor: 'help' }} data-testid="level-help" />
      </Popover>
    </Flex>
  );
}

/** Levels 1–4 as buttons (arrow keys move between them); the meaning of the chosen one below. */
export function FaultLevelPicker({
  value,
  onChange,
  id,
}: {
  value?: number;
  onChange?: (value: number) => void;
  id?: string;
}) {
  const t = useT();
  return (
    <Flex vertical gap={4}>
      <Radio.Group
        id={id}
        value={value}
        onChange={(event) => onChange?.(event.target.value as number)}
        optionType="button"
        buttonStyle="solid"
        data-testid="fault-level"
        options={faultLevelValues.map((level) => ({
          value: level,
          label: t(`tickets.levelLabel.${levelKey(level)}`),
        }))}
      />
      {value !== undefined && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="fault-level-meaning">
          {t(`tickets.levelMeaning.${levelKey(value)}`)} · {t(`tickets.levelRespond.${levelKey(value)}`)} ·{' '}
          {t(`tickets.levelOnSite.${levelKey(value)}`)}
        </Typography.Text>
      )}
    </Flex>
  );
}
