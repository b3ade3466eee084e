import { Button, Drawer, Flex, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../lib/i18n';
import { useIsPhone } from '../../lib/responsive';

type Props = {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  /** The primary button; absent for a read-only dialog. */
  onOk?: () => void;
  okText?: string;
  okDanger?: boolean;
  confirmLoading?: boolean;
  okTestId?: string;
  width?: number;
  testId?: string;
  children: ReactNode;
};

/**
 * A dialog that is a centred modal on desktop and a bottom drawer on phones, where a modal leaves
 * too little room for a form and the on-screen keyboard.
 */
export function ResponsiveDialog({
  open,
  title,
  onClose,
  onOk,
  okText,
  okDanger,
  confirmLoading,
  okTestId,
  width = 560,
  testId,
  children,
}: Props) {
  const t = useT();
  const isPhone = useIsPhone();
  const footer = (
    <Flex gap={8} justify="flex-end">
      <Button onClick={onClose}>{t('common.cancel')}</Button>
      {onOk && (
        <Button type="primary" danger={okDanger} loading={confirmLoading} onClick={onOk} data-testid={okTestId}>
          {okText ?? t('common.save')}
        </Button>
      )}
    </Flex>
  );
  if (isPhone) {
    return (
      <Drawer
        open={open}
        title={title}
        placement="bottom"
        size="85%"
        onClose={onClose}
        footer={footer}
        destroyOnHidden
        data-testid={testId}
      >
        {children}
      </Drawer>
    );
  }
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      footer={footer}
      width={width}
      destroyOnHidden
      data-testid={testId}
    >
      {children}
    </Modal>
  );
}
