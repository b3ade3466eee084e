/** The home page's ticket summary: open tickets (mine, for engineers), at risk and breached. */
import { AlertOutlined, ClockCircleOutlined, FileTextOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Statistic } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useLocale } from '../../lib/i18n';
import { useCan, useCurrentUser } from '../auth/auth.api';
import { useTicketCount } from './tickets.api';

function Count({
  title,
  icon,
  query,
  to,
  color,
  testId,
}: {
  title: string;
  icon: ReactNode;
  query: Record<string, string>;
  to: string;
  color?: string;
  testId: string;
}) {
  const count = useTicketCount(query);
  return (
    <Link to={to} style={{ display: 'block' }} data-testid={testId}>
      <Statistic
        title={title}
        prefix={icon}
        value={count.error ? '—' : (count.data ?? 0)}
        loading={count.isPending && !count.error}
        styles={{ content: color && count.data ? { color } : undefined }}
      />
    </Link>
  );
}

export function MyTicketsCard() {
  const { t } = useLocale();
  const user = useCurrentUser();
  const can = useCan();
  const mine: Record<string, string> = user.roles.includes('engineer') && !can('writeTickets') ? { mine: 'true' } : {};
  const base = new URLSearchParams({ open: 'true', ...mine }).toString();
  return (
    <Card
      title={mine.mine ? t('tickets.home.mineTitle') : t('tickets.home.title')}
      data-testid="home-tickets"
      extra={
        can('writeTickets') && (
          <Link to="/tickets/new">
            <Button type="primary" size="small" icon={<PlusOutlined />} data-testid="home-ticket-new">
              {t('tickets.new')}
            </Button>
          </Link>
        )
      }
    >
      <Row gutter={16}>
        <Col span={8}>
          <Count
            testId="home-tickets-open"
            title={t('tickets.home.open')}
            icon={<FileTextOutlined />}
            query={{ open: 'true', ...mine }}
            to={`/tickets?${base}`}
          />
        </Col>
        <Col span={8}>
          <Count
            testId="home-tickets-at-risk"
            title={t('tickets.home.atRisk')}
            icon={<ClockCircleOutlined />}
            query={{ open: 'true', atRisk: 'true', ...mine }}
            to={`/tickets?${base}&atRisk=true`}
            color="#fa8c16"
          />
        </Col>
        <Col span={8}>
          <Count
            testId="home-tickets-breached"
            title={t('tickets.home.breached')}
            icon={<AlertOutlined />}
            query={{ open: 'true', overdue: 'true', ...mine }}
            to={`/tickets?${base}&overdue=true`}
            color="#f5222d"
          />
        </Col>
      </Row>
    </Card>
  );
}
