import { Button, Card, Form, Result, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { isApiError } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useT } from '../../lib/i18n';
import { type SurveyFormValues, SurveyQuestions } from '../feedback/survey-fields';
import { useAnswerPublicSurvey, usePublicSurvey } from '../feedback/surveys.api';

/**
 * FBK-1: the customer's one-time survey link `/s/:token` — no account, phone-sized. Shows only the
 * ticket number, the date and the engineer's name; a used, expired or unknown link shows a clear page.
 */
export function SurveyPage() {
  const t = useT();
  const token = useParams().token ?? '';
  const view = usePublicSurvey(token);
  const answer = useAnswerPublicSurvey(token);
  const [form] = Form.useForm<SurveyFormValues>();
  const [done, setDone] = useState<{ lowScore: boolean } | null>(null);
  const [gone, setGone] = useState<string | null>(null);

  const frame = (children: React.ReactNode) => (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: 12 }} data-testid="survey-page">
      {children}
    </div>
  );
  if (view.isPending) return frame(<Spin style={{ display: 'block', marginTop: 48 }} />);
  const error = view.error ?? null;
  if (done) {
    return frame(
      <Result
        status="success"
        data-testid="survey-thanks"
        title={t('surveyPage.thanks')}
        subTitle={done.lowScore ? t('surveyPage.thanksLow') : undefined}
      />,
    );
  }
  if (gone || error) {
    const status = isApiError(error) ? error.status : 410;
    return frame(
      <Result
        status={status === 404 ? '404' : 'warning'}
        data-testid="survey-unavailable"
        title={status === 404 ? t('surveyPage.invalid') : t('surveyPage.gone')}
        subTitle={gone ?? (error as Error).message}
      />,
    );
  }
  const survey = view.data!;
  const submit = async (values: SurveyFormValues) => {
    try {
      setDone(await answer.mutateAsync(values as never));
    } catch (failure) {
      if (isApiError(failure) && (failure.status === 410 || failure.status === 404)) setGone(failure.message);
      else if (isApiError(failure)) {
        form.setFields(failure.fields.map((f) => ({ name: f.field as never, errors: [f.message] })));
      }
    }
  };
  return frame(
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('surveyPage.title')}
      </Typography.Title>
      <Typography.Paragraph>
        {t('surveyPage.intro', {
          company: survey.companyName,
          number: survey.ticketNumber,
          date: formatDate(survey.closedAt),
        })}
      </Typography.Paragraph>
      {survey.engineerName && (
        <Typography.Paragraph type="secondary">
          {t('surveyPage.engineer', { name: survey.engineerName })}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={submit}>
        <SurveyQuestions vertical />
        <Button
          type="primary"
          htmlType="submit"
          block
          size="large"
          loading={answer.isPending}
          data-testid="survey-send"
        >
          {t('surveyPage.submit')}
        </Button>
      </Form>
    </Card>,
  );
}
