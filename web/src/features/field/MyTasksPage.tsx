/** The engineer's task list on the phone (DSP-4): most urgent first, one card per task. */
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import type { Task } from '../../../../server/modules/dispatch/dispatch.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { useT } from '../../lib/i18n';
import { FaultLevelTag, TicketStatusTag } from '../tickets/ticket-format';
import { useMyTasks } from './field.api';
import './field.css';
import { AssignmentStatusTag, DueTag, MapLink, PhoneLink } from './field-format';

export function MyTasksPage() {
  const t = useT();
  const tasks = useMyTasks();
  return (
    <div className="field-page">
      <PageHeader
        title={t('fieldWork.myTasks.title')}
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => tasks.refetch()}
            loading={tasks.isFetching}
            aria-label={t('fieldWork.refresh')}
          />
        }
      />
      <QueryState query={tasks}>
        {({ items }) =>
          items.length === 0 ? (
            <Empty description={t('fieldWork.myTasks.empty')} />
          ) : (
            <Flex vertical gap={12} data-testid="task-list">
              {items.map((task) => (
                <TaskCard key={task.assignmentId} task={task} />
              ))}
            </Flex>
          )
        }
      </QueryState>
    </div>
  );
}

function TaskCard({ task }: { task: Task }) {
  const t = useT();
  const navigate = useNavigate();
  const { ticket } = task;
  const open = () => navigate(`/my-tasks/${task.assignmentId}`);
  return (
    <Card
      className="task-card"
      onClick={open}
      data-testid={`task-${task.assignmentId}`}
      style={task.isBreached ? { borderColor: '#ff4d4f' } : undefined}
    >
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Link className="task-card-title" to={`/my-tasks/${task.assignmentId}`}>
          {ticket.number}
        </Link>
        <Flex gap={4} wrap>
          <FaultLevelTag level={ticket.faultLevel} short />
          {task.assignmentStatus === 'offered' ? (
            <AssignmentStatusTag status="offered" />
          ) : (
            <TicketStatusTag status={ticket.status} />
          )}
        </Flex>
      </Flex>
      <Typography.Paragraph strong style={{ margin: '6px 0 2px' }} ellipsis={{ rows: 2 }}>
        {ticket.customerName} · {ticket.title}
      </Typography.Paragraph>
      {/* The links stop the card's own tap: calling or opening the map does not also open the task. */}
      <div className="field-line">
        <MapLink address={ticket.address} />
      </div>
      <div className="field-line">
        <PhoneLink phone={ticket.contactPhone} />
        {ticket.contactName && <Typography.Text type="secondary">{ticket.contactName}</Typography.Text>}
      </div>
      <Flex gap={4} wrap style={{ marginTop: 4 }}>
        <DueTag dueAt={task.nextDueAt} kind={task.nextDueKind} isBreached={task.isBreached} />
        {task.role === 'assistant' && <Tag>{t('fieldWork.role.assistant')}</Tag>}
        {task.nextStep !== 'accept' && <Tag color="geekblue">{t(`fieldWork.step.${task.nextStep}`)}</Tag>}
      </Flex>
    </Card>
  );
}
