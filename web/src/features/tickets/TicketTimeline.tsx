/** The ticket's timeline (TKT-7): every transition and event — who, when, from → to, and the note. */
import { Button, Empty, Flex, Input, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import {
  clockKinds,
  type TimelineEvent,
  type ticketEventKinds,
} from '../../../../server/modules/tickets/tickets.contract';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { type Translate, useLocale } from '../../lib/i18n';
import { clockLabel, levelKey, TicketStatusTag } from './ticket-format';
import { useAddComment, useTimeline } from './tickets.api';

type EventKind = (typeof ticketEventKinds)[number];

const kindColors: Partial<Record<EventKind, string>> = {
  created: 'green',
  transition: 'blue',
  classified: 'cyan',
  responded: 'green',
  planned: 'cyan',
  comment: 'gray',
  level_changed: 'orange',
  clock_at_risk: 'orange',
  clock_breached: 'red',
  assignment_declined: 'red',
  task: 'purple',
};

const isClockKind = (value: unknown): value is (typeof clockKinds)[number] =>
  typeof value === 'string' && (clockKinds as readonly string[]).includes(value);

/** Extra facts some events carry in `data` (clock of an at-risk/breach event, levels of a level change). */
function detailOf(t: Translate, event: TimelineEvent): string | null {
  const data = event.data ?? {};
  const clock = data.clock ?? data.clockKind ?? (event.kind.startsWith('clock_') ? data.kind : undefined);
  if (isClockKind(clock)) return clockLabel(t, clock);
  if (event.kind === 'level_changed') {
    const from = data.from ?? data.fromLevel;
    const to = data.to ?? data.toLevel;
    if (typeof from === 'number' && typeof to === 'number') {
      return `${t(`tickets.levelLabel.${levelKey(from)}`)} → ${t(`tickets.levelLabel.${levelKey(to)}`)}`;
    }
  }
  const named = typeof data.engineerName === 'string' ? data.engineerName : data.fileName;
  // Only when the note does not already say it.
  if (typeof named === 'string' && named !== event.note) return named;
  return null;
}

export function TicketTimeline({ ticketId, canComment }: { ticketId: number; canComment: boolean }) {
  const { t, tOptional } = useLocale();
  const timeline = useTimeline(ticketId);
  const addComment = useAddComment(ticketId);
  const onError = useApiErrorHandler();
  const [note, setNote] = useState('');

  const submit = () => {
    const text = note.trim();
    if (!text) return;
    addComment.mutate(text, { onSuccess: () => setNote(''), onError: (error) => onError(error) });
  };

  return (
    <Flex vertical gap={16}>
      {canComment && (
        <Flex vertical gap={8}>
          <Input.TextArea
            value={note}
            onChange={(event) => setNote(event.target.value)}
            placeholder={t('tickets.timeline.commentPlaceholder')}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
            data-testid="ticket-comment"
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
            }}
          />
          <Flex justify="flex-end">
            <Button
              type="primary"
              onClick={submit}
              loading={addComment.isPending}
              disabled={!note.trim()}
              data-testid="ticket-comment-submit"
            >
              {t('tickets.timeline.addComment')}
            </Button>
          </Flex>
        </Flex>
      )}
      <QueryState query={timeline}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets.timeline.empty')} />
          ) : (
            <Timeline
              data-testid="ticket-timeline"
              items={[...data.items].reverse().map((event) => {
                const detail = detailOf(t, event);
                return {
                  key: event.id,
                  color: kindColors[event.kind] ?? 'blue',
                  content: (
                    <Flex
                      vertical
                      gap={2}
                      data-testid="timeline-event"
                      data-kind={event.kind}
                      data-to-status={event.toStatus ?? undefined}
                    >
                      <Flex gap={8} wrap align="center">
                        <Typography.Text strong>
                          {tOptional(`tickets.event.${event.kind}`) ?? event.kind}
                        </Typography.Text>
                        {event.fromStatus && event.toStatus && event.fromStatus !== event.toStatus ? (
                          <span>
                            <TicketStatusTag status={event.fromStatus} />→ <TicketStatusTag status={event.toStatus} />
                          </span>
                        ) : (
                          event.toStatus && event.kind !== 'comment' && <TicketStatusTag status={event.toStatus} />
                        )}
                        {detail && <Tag>{detail}</Tag>}
                      </Flex>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {event.actorName ?? t('tickets.timeline.system')} · {formatDateTime(event.at)}
                      </Typography.Text>
                      {event.note && (
                        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                          {event.note}
                        </Typography.Paragraph>
                      )}
                    </Flex>
                  ),
                };
              })}
            />
          )
        }
      </QueryState>
    </Flex>
  );
}
