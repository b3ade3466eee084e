/**
 * The target grid of a policy (SLA-1): for each fault level a response, arrival and resolution
 * target, each in hours and minutes of business or calendar time, or none; optionally separate
 * urban and suburban rows (which replace the level's "any region" row for those tickets). The
 * grid is checked as you type with the rules the server applies.
 */
import { Card, Checkbox, Col, Flex, InputNumber, Row, Select, Switch, Typography } from 'antd';
import type { SlaTargetInput } from '../../../../server/modules/sla/sla.contract';
import { slaRegions, targetClocks, timeBases } from '../../../../server/modules/sla/sla.contract';
import { targetProblems } from '../../../../server/modules/sla/sla-admin.rules';
import { useLocale } from '../../lib/i18n';

type Target = SlaTargetInput['response'];
const regionOrder = { any: 0, urban: 1, suburban: 2 } as const;
const sortRows = (rows: SlaTargetInput[]) =>
  [...rows].sort((a, b) => a.level - b.level || regionOrder[a.region] - regionOrder[b.region]);

/** A target as hours + minutes + basis, or none. */
export function ClockTargetInput({
  value,
  onChange,
  label,
  testId,
}: {
  value: Target;
  onChange: (value: Target) => void;
  label: string;
  testId: string;
}) {
  const { t } = useLocale();
  const hours = value ? Math.floor(value.minutes / 60) : null;
  const minutes = value ? value.minutes % 60 : null;
  const setTime = (h: number | null, m: number | null) =>
    onChange({ minutes: (h ?? 0) * 60 + (m ?? 0), basis: value?.basis ?? 'business' });
  return (
    <Flex vertical gap={4} data-testid={testId}>
      <Checkbox
        checked={!!value}
        onChange={(event) => onChange(event.target.checked ? { minutes: 120, basis: 'business' } : null)}
      >
        {label}
      </Checkbox>
      {value ? (
        <Flex gap={4} wrap align="center">
          <InputNumber
            min={0}
            max={8760}
            precision={0}
            value={hours}
            status={value.minutes < 1 ? 'error' : undefined}
            onChange={(h) => setTime(h, minutes)}
            suffix={t('sla.hoursUnit')}
            style={{ width: 100 }}
            aria-label={`${label} ${t('sla.hours')}`}
          />
          <InputNumber
            min={0}
            max={59}
            precision={0}
            value={minutes}
            status={value.minutes < 1 ? 'error' : undefined}
            onChange={(m) => setTime(hours, m)}
            suffix={t('sla.minutesUnit')}
            style={{ width: 90 }}
            aria-label={`${label} ${t('sla.minutes')}`}
          />
          <Select
            value={value.basis}
            onChange={(basis) => onChange({ ...value, basis })}
            style={{ width: 110 }}
            options={timeBases.map((basis) => ({ value: basis, label: t(`sla.basis.${basis}`) }))}
            aria-label={`${label} ${t('sla.basisLabel')}`}
          />
        </Flex>
      ) : (
        <Typography.Text type="secondary">{t('sla.noTarget')}</Typography.Text>
      )}
      {value && value.minutes < 1 && <Typography.Text type="danger">{t('sla.minutesPositive')}</Typography.Text>}
    </Flex>
  );
}

export function TargetGridEditor({
  value = [],
  onChange,
}: {
  value?: SlaTargetInput[];
  onChange?: (value: SlaTargetInput[]) => void;
}) {
  const { t, language } = useLocale();
  const problems = targetProblems(value);
  const rowProblems = (index: number) =>
    problems.filter((p) => p.field === `targets.${index}` || p.field.startsWith(`targets.${index}.`));
  const set = (rows: SlaTargetInput[]) => onChange?.(sortRows(rows));

  return (
    <Flex vertical gap={16} data-testid="target-grid">
      <Typography.Text type="secondary">{t('sla.gridHint')}</Typography.Text>
      {problems
        .filter((p) => p.field === 'targets')
        .map((p) => (
          <Typography.Text key={p.en} type="danger">
            {p[language]}
          </Typography.Text>
        ))}
      {[1, 2, 3, 4].map((level) => {
        const anyRow = value.find((row) => row.level === level && row.region === 'any');
        const byRegion = value.some((row) => row.level === level && row.region !== 'any');
        return (
          <Card
            key={level}
            size="small"
            title={`${t('sla.levelTitle', { level })} · ${t(`sla.levelMeaning.${level as 1 | 2 | 3 | 4}`)}`}
            extra={
              <Flex gap={6} align="center">
                <Typography.Text type="secondary">{t('sla.byRegion')}</Typography.Text>
                <Switch
                  size="small"
                  checked={byRegion}
                  data-testid={`level-${level}-by-region`}
                  onChange={(checked) => {
                    const others = value.filter((row) => row.level !== level || row.region === 'any');
                    const base = anyRow ?? {
                      level,
                      region: 'any' as const,
                      response: null,
                      arrival: null,
                      resolution: null,
                    };
                    set(checked ? [...others, { ...base, region: 'urban' }, { ...base, region: 'suburban' }] : others);
                  }}
                />
              </Flex>
            }
          >
            <Flex vertical gap={12}>
              {slaRegions.map((region) => {
                const index = value.findIndex((row) => row.level === level && row.region === region);
                if (region === 'any' && index < 0) {
                  return (
                    <Typography.Link
                      key={region}
                      onClick={() =>
                        set([...value, { level, region, response: null, arrival: null, resolution: null }])
                      }
                    >
                      {t('sla.addAnyRow')}
                    </Typography.Link>
                  );
                }
                if (index < 0) return null;
                const row = value[index];
                const update = (patch: Partial<SlaTargetInput>) =>
                  set(value.map((r, i) => (i === index ? { ...r, ...patch } : r)));
                return (
                  <div key={region}>
                    {byRegion && (
                      <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
                        {t(`sla.region.${region}`)}
                      </Typography.Text>
                    )}
                    <Row gutter={[16, 8]}>
                      {targetClocks.map((clock) => (
                        <Col key={clock} xs={24} lg={8}>
                          <ClockTargetInput
                            label={t(`sla.clock.${clock}`)}
                            value={row[clock]}
                            onChange={(target) => update({ [clock]: target })}
                            testId={`target-${level}-${region}-${clock}`}
                          />
                        </Col>
                      ))}
                    </Row>
                    {rowProblems(index).map((p) => (
                      <Typography.Text key={p.field + p.en} type="danger" style={{ display: 'block' }}>
                        {p[language]}
                      </Typography.Text>
                    ))}
                  </div>
                );
              })}
            </Flex>
          </Card>
        );
      })}
    </Flex>
  );
}
