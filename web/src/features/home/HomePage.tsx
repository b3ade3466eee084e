import {
  AppstoreOutlined,
  FileProtectOutlined,
  PlusOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  ShopOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { App, Button, Card, Col, Flex, Input, Row, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactElement, ReactNode } from 'react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../lib/api';
import { useLocale } from '../../lib/i18n';
import { useList } from '../../lib/resource';
import { useIsPhone } from '../../lib/responsive';
import { useCan, useCurrentUser } from '../auth/auth.api';
import { contractsApi } from '../contracts/contracts.api';
import { customersApi } from '../customers/customers.api';
import { equipmentApi, findEquipmentBySerial } from '../equipment/equipment.api';
import { MyTicketsCard } from '../tickets/MyTicketsCard';

function CountCard({
  title,
  icon,
  value,
  loading,
  failed,
  to,
  testId,
}: {
  title: string;
  icon: ReactNode;
  value: number | undefined;
  loading: boolean;
  failed: boolean;
  to: string;
  testId: string;
}) {
  return (
    <Link to={to} style={{ display: 'block', height: '100%' }}>
      <Card hoverable data-testid={testId}>
        <Statistic title={title} prefix={icon} value={failed ? '—' : (value ?? 0)} loading={loading} />
      </Card>
    </Link>
  );
}

/** 工作台: who I am, the numbers that matter for my station(s), and the next things to do. */
export function HomePage() {
  const { t } = useLocale();
  const user = useCurrentUser();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const [serial, setSerial] = useState('');
  const [finding, setFinding] = useState(false);

  const customers = useList(customersApi, { pageSize: 1, active: 'true' });
  const inWarranty = useList(equipmentApi, { pageSize: 1, warranty: 'in_warranty', active: 'true' });
  const activeContracts = useList(contractsApi, { pageSize: 1, state: 'active' });

  const hour = dayjs().hour();
  const greeting = hour < 12 ? t('home.morning') : hour < 18 ? t('home.afternoon') : t('home.evening');

  const findSerial = async (value: string) => {
    const serialNo = value.trim();
    if (!serialNo) return;
    setFinding(true);
    try {
      const equipment = await findEquipmentBySerial(serialNo);
      navigate(`/equipment/${equipment.id}`);
    } catch (error) {
      message.error(
        isApiError(error) && error.status === 404 ? t('home.serialNotFound', { serialNo }) : (error as Error).message,
      );
    } finally {
      setFinding(false);
    }
  };

  const writeCustomers = can('writeCustomers');
  const quickLinks = [
    writeCustomers && { to: '/customers/new', icon: <PlusOutlined />, label: t('customers.new') },
    writeCustomers && { to: '/equipment/new', icon: <PlusOutlined />, label: t('equipment.new') },
    writeCustomers && { to: '/contracts/new', icon: <PlusOutlined />, label: t('contracts.new') },
    { to: '/customers', icon: <TeamOutlined />, label: t('nav.customers') },
    { to: '/equipment?warranty=expiring', icon: <SafetyCertificateOutlined />, label: t('home.expiringEquipment') },
    { to: '/contracts?state=active', icon: <FileProtectOutlined />, label: t('home.activeContracts') },
    { to: '/product-models', icon: <AppstoreOutlined />, label: t('nav.productModels') },
  ].filter((link): link is { to: string; icon: ReactElement; label: string } => Boolean(link));

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex vertical gap={8}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="home-greeting">
            {t('home.greeting', { greeting, name: user.displayName })}
          </Typography.Title>
          <Flex gap={8} wrap align="center">
            <Typography.Text type="secondary">
              <ShopOutlined /> {user.stationName}
            </Typography.Text>
            {user.roles.map((role) => (
              <Tag key={role} color="blue">
                {t(`role.${role}`)}
              </Tag>
            ))}
          </Flex>
        </Flex>
      </Card>

      <MyTicketsCard />

      <Row gutter={[isPhone ? 8 : 16, 16]}>
        <Col span={8}>
          <CountCard
            testId="count-customers"
            title={t('home.customers')}
            icon={<TeamOutlined />}
            value={customers.data?.total}
            loading={customers.isPending && !customers.error}
            failed={!!customers.error}
            to="/customers"
          />
        </Col>
        <Col span={8}>
          <CountCard
            testId="count-equipment"
            title={t('home.equipmentInWarranty')}
            icon={<SafetyCertificateOutlined />}
            value={inWarranty.data?.total}
            loading={inWarranty.isPending && !inWarranty.error}
            failed={!!inWarranty.error}
            to="/equipment?warranty=in_warranty"
          />
        </Col>
        <Col span={8}>
          <CountCard
            testId="count-contracts"
            title={t('home.contractsActive')}
            icon={<FileProtectOutlined />}
            value={activeContracts.data?.total}
            loading={activeContracts.isPending && !activeContracts.error}
            failed={!!activeContracts.error}
            to="/contracts?state=active"
          />
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('home.findBySerial')} style={{ height: '100%' }}>
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">{t('home.findBySerialHint')}</Typography.Text>
              <Input.Search
                value={serial}
                onChange={(event) => setSerial(event.target.value)}
                onSearch={findSerial}
                loading={finding}
                enterButton={<SearchOutlined />}
                placeholder={t('field.serialNo')}
                data-testid="home-serial"
              />
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('home.quickLinks')} style={{ height: '100%' }}>
            <Flex gap={8} wrap>
              {quickLinks.map((link) => (
                <Link key={link.to} to={link.to}>
                  <Button icon={link.icon}>{link.label}</Button>
                </Link>
              ))}
            </Flex>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
