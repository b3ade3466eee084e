import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../lib/i18n';

type Props = {
  title: ReactNode;
  /** Where the back arrow leads; no arrow when absent. */
  backTo?: string;
  tags?: ReactNode;
  subtitle?: ReactNode;
  extra?: ReactNode;
};

export function PageHeader({ title, backTo, tags, subtitle, extra }: Props) {
  const navigate = useNavigate();
  const t = useT();
  return (
    <Flex className="page-header" wrap justify="space-between" align="center" gap={12}>
      <Flex align="center" gap={8} wrap style={{ minWidth: 0 }}>
        {backTo && (
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label={t('common.back')}
            onClick={() => navigate(backTo)}
          />
        )}
        <Typography.Title level={4} style={{ margin: 0 }} ellipsis>
          {title}
        </Typography.Title>
        {tags}
        {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
      </Flex>
      {extra && (
        <Flex wrap gap={8} className="page-header-extra">
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
