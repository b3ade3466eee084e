/**
 * Building blocks of the printable A4 forms (field service record, repair record, nonconformance
 * report, count sheet): the screen-only toolbar, paper-form check boxes and blank date lines.
 */
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import { useT } from '../../lib/i18n';
import './field.css';

const box = (checked: boolean) => (checked ? '☑' : '□');

export function Choice({ label, checked }: { label: string; checked: boolean }) {
  return (
    <span className="print-box" data-checked={checked || undefined}>
      {label}
      {box(checked)}
    </span>
  );
}

/** A date as written on the paper forms, or the blank line to fill in by hand. */
export const printDay = (value: string | null | undefined) =>
  value ? dayjs(value).format('YYYY年M月D日') : '　　年　月　日';
export const printMinute = (value: string | null | undefined) =>
  value ? dayjs(value).format('YYYY年M月D日 HH时mm分') : '　　年　月　日　时　分';

/** Back and print buttons, hidden on paper. Without `backTo`, back goes to the previous page. */
export function PrintToolbar({ backTo, label }: { backTo?: string; label?: string }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <div className="print-toolbar no-print">
      <Button icon={<ArrowLeftOutlined />} onClick={() => (backTo ? navigate(backTo) : navigate(-1))}>
        {t('common.back')}
      </Button>
      <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-button">
        {label ?? t('fieldWork.print.button')}
      </Button>
    </div>
  );
}
