import { Card, Flex } from 'antd';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../app/LanguageSwitch';

/** The centred card of the sign-in and password pages, under the language switch. */
export function AuthCard({ children, footer }: { children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="auth-page">
      <Flex vertical gap={16} className="auth-card">
        <Flex justify="flex-end">
          <LanguageSwitch />
        </Flex>
        <Card>{children}</Card>
        {footer}
      </Flex>
    </div>
  );
}
