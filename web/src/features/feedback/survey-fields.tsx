import { Form, Input, Radio } from 'antd';
import { satisfactionLevels } from '../../../../server/modules/feedback/surveys.contract';
import { type MessageKey, useT } from '../../lib/i18n';

export const surveyQuestionKeys = ['attitude', 'skill', 'arrival', 'promise', 'overall'] as const;
export type SurveyFormValues = Record<(typeof surveyQuestionKeys)[number], string> & { comment?: string };

/** The four questions, overall satisfaction and a comment [003 第五条 4]; used by staff and the public page. */
export function SurveyQuestions({ vertical = false }: { vertical?: boolean }) {
  const t = useT();
  return (
    <>
      {surveyQuestionKeys.map((question) => (
        <Form.Item key={question} label={t(`surveys.q.${question}` as MessageKey)} required>
          <div data-testid={`survey-${question}`}>
            <Form.Item name={question} noStyle rules={[{ required: true, message: t('surveyPage.required') }]}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                style={vertical ? { display: 'flex', flexWrap: 'wrap', gap: 6 } : undefined}
                options={satisfactionLevels.map((level) => ({
                  value: level,
                  label: t(`surveys.level.${level}` as MessageKey),
                }))}
              />
            </Form.Item>
          </div>
        </Form.Item>
      ))}
      <Form.Item name="comment" label={t('surveys.q.comment')}>
        <Input.TextArea rows={3} maxLength={1000} data-testid="survey-comment" />
      </Form.Item>
    </>
  );
}
