import { Card, Descriptions, Typography } from 'antd';
import { Link } from 'react-router';
import { useLocale } from '../../lib/i18n';
import { useList } from '../../lib/resource';
import { calendarsApi, policiesApi } from './sla.api';
import { DefaultTag } from './sla-ui';

/** The service levels a contract counts in (SLA-1): its own policy and calendar, or the defaults. */
export function ContractSlaCard({
  slaPolicyId,
  calendarId,
}: {
  slaPolicyId: number | null;
  calendarId: number | null;
}) {
  const { t } = useLocale();
  const policies = useList(policiesApi, { active: 'all' });
  const calendars = useList(calendarsApi, { active: 'all' });
  const policy = policies.data?.items.find((p) => (slaPolicyId ? p.id === slaPolicyId : p.isDefault));
  const calendar = calendars.data?.items.find((c) => c.id === (calendarId ?? policy?.calendarId));
  return (
    <Card title={t('sla.contractSection')} data-testid="contract-sla">
      <Descriptions
        column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 2 }}
        items={[
          {
            key: 'policy',
            label: t('sla.contractPolicy'),
            children: policy ? (
              <>
                <Link to={`/sla/policies/${policy.id}`}>{policy.name}</Link> {!slaPolicyId && <DefaultTag />}
              </>
            ) : (
              '…'
            ),
          },
          {
            key: 'calendar',
            label: t('sla.contractCalendar'),
            children: calendar ? (
              <>
                <Link to={`/sla/calendars/${calendar.id}`}>{calendar.name}</Link>{' '}
                {!calendarId && (
                  <Typography.Text type="secondary">{t('sla.contractCalendarPlaceholder')}</Typography.Text>
                )}
              </>
            ) : (
              '…'
            ),
          },
        ]}
      />
    </Card>
  );
}
