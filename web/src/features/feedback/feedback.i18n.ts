/** Messages of customer feedback and the portal, merged into the dictionaries (web/src/lib/i18n). */
export const feedbackZhCN = {
  'feedback.nav': '客户反馈',
} satisfies Record<string, string>;

export const feedbackEnUS: Record<keyof typeof feedbackZhCN, string> = {
  'feedback.nav': 'Customer feedback',
};
