/** Pieces of a record's detail page. */
import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Tabs, type TabsProps, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { orDash } from '../lib/format';
import { useT } from '../lib/i18n';
import { type AnyResource, useHistory } from '../lib/resource';
import { HistoryList } from './HistoryList';

/** The Descriptions columns of an overview: one on phones, up to three on wide screens. */
export const overviewColumns = { xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 };

export function EditButton({ to, testId }: { to: string; testId?: string }) {
  const t = useT();
  return (
    <Link to={to}>
      <Button icon={<EditOutlined />} data-testid={testId}>
        {t('common.edit')}
      </Button>
    </Link>
  );
}

/** Free text as entered, line breaks kept. */
export function MultilineText({ text }: { text: string | null | undefined }) {
  return <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{orDash(text)}</Typography.Paragraph>;
}

type RecordTabsProps = {
  resource: AnyResource;
  id: number;
  /** The first tab. */
  overview: ReactNode;
  /** Tabs between the overview and the history. */
  tabs?: NonNullable<TabsProps['items']>;
  /** Ends with the audit trail (loaded when first opened); default true. */
  history?: boolean;
  /** The open tab when the page keeps it (e.g. in the URL); otherwise the tabs keep it. */
  activeKey?: string;
  onChange?: (key: string) => void;
};

/** A record's tabs: its overview, any others, then its history. */
export function RecordTabs({
  resource,
  id,
  overview,
  tabs = [],
  history = true,
  activeKey,
  onChange,
}: RecordTabsProps) {
  const t = useT();
  const [ownKey, setOwnKey] = useState('overview');
  const tab = activeKey ?? ownKey;
  const historyQuery = useHistory(resource, id, history && tab === 'history');
  const historyTab = {
    key: 'history',
    label: t('customers.tabHistory'),
    children: (
      <Card>
        <HistoryList query={historyQuery} />
      </Card>
    ),
  };
  return (
    <Tabs
      activeKey={tab}
      onChange={onChange ?? setOwnKey}
      items={[
        { key: 'overview', label: t('customers.tabOverview'), children: overview },
        ...tabs,
        ...(history ? [historyTab] : []),
      ]}
    />
  );
}
