/**
 * The PRC State Council's public-holiday schedules (国务院办公厅关于部分节假日安排的通知), as data for
 * the business calendar (SLA-2). Every day off is listed, weekend days inside a range included, and
 * every make-up working day (调休上班). Checked against the notices' full text as republished by
 * Xinhua (新华社) on gmw.cn: 2025 on 2024-11-12, 2026 on 2025-11-04. The 2026 document number
 * (国办发明电〔2025〕7号) is not in that republished text and is unchecked. Add a year when its notice is out.
 */

export type NamedDate = { date: string; name: string };

export type HolidaySchedule = {
  year: number;
  notice: string;
  holidays: NamedDate[];
  makeUpDays: NamedDate[];
};

export const chinaHolidaySchedules: HolidaySchedule[] = [
  {
    year: 2025,
    notice: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）',
    holidays: [
      // 一、元旦：1月1日（周三）放假1天，不调休。
      { date: '2025-01-01', name: '元旦' },
      // 二、春节：1月28日（除夕、周二）至2月4日（正月初七、周二）放假调休，共8天。
      { date: '2025-01-28', name: '春节' },
      { date: '2025-01-29', name: '春节' },
      { date: '2025-01-30', name: '春节' },
      { date: '2025-01-31', name: '春节' },
      { date: '2025-02-01', name: '春节' },
      { date: '2025-02-02', name: '春节' },
      { date: '2025-02-03', name: '春节' },
      { date: '2025-02-04', name: '春节' },
      // 三、清明节：4月4日（周五）至6日（周日）放假，共3天。
      { date: '2025-04-04', name: '清明节' },
      { date: '2025-04-05', name: '清明节' },
      { date: '2025-04-06', name: '清明节' },
      // 四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。
      { date: '2025-05-01', name: '劳动节' },
      { date: '2025-05-02', name: '劳动节' },
      { date: '2025-05-03', name: '劳动节' },
      { date: '2025-05-04', name: '劳动节' },
      { date: '2025-05-05', name: '劳动节' },
      // 五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
      { date: '2025-05-31', name: '端午节' },
      { date: '2025-06-01', name: '端午节' },
      { date: '2025-06-02', name: '端午节' },
      // 六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。
      { date: '2025-10-01', name: '国庆节、中秋节' },
      { date: '2025-10-02', name: '国庆节、中秋节' },
      { date: '2025-10-03', name: '国庆节、中秋节' },
      { date: '2025-10-04', name: '国庆节、中秋节' },
      { date: '2025-10-05', name: '国庆节、中秋节' },
      { date: '2025-10-06', name: '国庆节、中秋节' },
      { date: '2025-10-07', name: '国庆节、中秋节' },
      { date: '2025-10-08', name: '国庆节、中秋节' },
    ],
    makeUpDays: [
      { date: '2025-01-26', name: '春节调休上班' }, // 周日
      { date: '2025-02-08', name: '春节调休上班' }, // 周六
      { date: '2025-04-27', name: '劳动节调休上班' }, // 周日
      { date: '2025-09-28', name: '国庆节、中秋节调休上班' }, // 周日
      { date: '2025-10-11', name: '国庆节、中秋节调休上班' }, // 周六
    ],
  },
  {
    year: 2026,
    notice: '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号，2025年11月4日）',
    holidays: [
      // 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。
      { date: '2026-01-01', name: '元旦' },
      { date: '2026-01-02', name: '元旦' },
      { date: '2026-01-03', name: '元旦' },
      // 二、春节：2月15日（腊月二十八、周日）至23日（正月初七、周一）放假调休，共9天。
      { date: '2026-02-15', name: '春节' },
      { date: '2026-02-16', name: '春节' },
      { date: '2026-02-17', name: '春节' },
      { date: '2026-02-18', name: '春节' },
      { date: '2026-02-19', name: '春节' },
      { date: '2026-02-20', name: '春节' },
      { date: '2026-02-21', name: '春节' },
      { date: '2026-02-22', name: '春节' },
      { date: '2026-02-23', name: '春节' },
      // 三、清明节：4月4日（周六）至6日（周一）放假，共3天。
      { date: '2026-04-04', name: '清明节' },
      { date: '2026-04-05', name: '清明节' },
      { date: '2026-04-06', name: '清明节' },
      // 四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。
      { date: '2026-05-01', name: '劳动节' },
      { date: '2026-05-02', name: '劳动节' },
      { date: '2026-05-03', name: '劳动节' },
      { date: '2026-05-04', name: '劳动节' },
      { date: '2026-05-05', name: '劳动节' },
      // 五、端午节：6月19日（周五）至21日（周日）放假，共3天。
      { date: '2026-06-19', name: '端午节' },
      { date: '2026-06-20', name: '端午节' },
      { date: '2026-06-21', name: '端午节' },
      // 六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
      { date: '2026-09-25', name: '中秋节' },
      { date: '2026-09-26', name: '中秋节' },
      { date: '2026-09-27', name: '中秋节' },
      // 七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。
      { date: '2026-10-01', name: '国庆节' },
      { date: '2026-10-02', name: '国庆节' },
      { date: '2026-10-03', name: '国庆节' },
      { date: '2026-10-04', name: '国庆节' },
      { date: '2026-10-05', name: '国庆节' },
      { date: '2026-10-06', name: '国庆节' },
      { date: '2026-10-07', name: '国庆节' },
    ],
    makeUpDays: [
      { date: '2026-01-04', name: '元旦调休上班' }, // 周日
      { date: '2026-02-14', name: '春节调休上班' }, // 周六
      { date: '2026-02-28', name: '春节调休上班' }, // 周六
      { date: '2026-05-09', name: '劳动节调休上班' }, // 周六
      { date: '2026-09-20', name: '国庆节调休上班' }, // 周日
      { date: '2026-10-10', name: '国庆节调休上班' }, // 周六
    ],
  },
];

/** The schedules (all, or the given years) in the shape a CalendarDefinition takes. */
export function chinaStatutoryDates(years?: readonly number[]): {
  holidays: string[];
  makeUpDays: string[];
  holidayNames: Record<string, string>;
} {
  const schedules = chinaHolidaySchedules.filter((schedule) => years === undefined || years.includes(schedule.year));
  const holidays = schedules.flatMap((schedule) => schedule.holidays);
  return {
    holidays: holidays.map(({ date }) => date),
    makeUpDays: schedules.flatMap((schedule) => schedule.makeUpDays.map(({ date }) => date)),
    holidayNames: Object.fromEntries(holidays.map(({ date, name }) => [date, name])),
  };
}
