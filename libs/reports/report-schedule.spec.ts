import { describe, expect, it } from 'vitest';
import { formatPeriod } from '../periods/index.js';
import { reportsDue } from './report-schedule.js';

const summary = (due: ReturnType<typeof reportsDue>) =>
  due.map((d) => `${d.dueOn} ${d.type} ${formatPeriod(d.period)}`);

describe(reportsDue.name, () => {
  it('schedules the exception report the working day after a quarter returns deadline', () => {
    // Q2 2025-26 ends Tue 30 Sep 2025; 10 working days later is Tue 14 Oct; the report is due Wed 15 Oct.
    const sut = reportsDue({ events: [], returnsDueWorkingDays: 10, from: '2025-10-01', to: '2025-10-31' });
    expect(summary(sut)).toEqual(['2025-10-15 exception_report 2025-26 Q2']);
  });

  it('skips bank holidays when counting to the deadline', () => {
    // Q3 2025-26 ends Wed 31 Dec 2025; 1 Jan 2026 is a bank holiday, so 5 working days end Thu 8 Jan.
    const sut = reportsDue({ events: [], returnsDueWorkingDays: 5, from: '2026-01-01', to: '2026-01-31' });
    expect(summary(sut)).toEqual(['2026-01-09 exception_report 2025-26 Q3']);
  });

  it('schedules the board scorecard papersDueDaysBefore working days before the meeting, for the latest quarter returned by then', () => {
    // Lincolnshire 6.2: papers at least seven working days before; Thu 20 Nov 2025 less 7 working days is Tue 11 Nov.
    const sut = reportsDue({
      events: [{ kind: 'board_meeting', meetsOn: '2025-11-20', papersDueDaysBefore: 7 }],
      returnsDueWorkingDays: 10,
      from: '2025-11-01',
      to: '2025-11-30',
    });
    expect(summary(sut)).toEqual(['2025-11-11 board_scorecard 2025-26 Q2']);
  });

  it('uses the quarter before when the latest quarter is not yet returned by the papers date', () => {
    const sut = reportsDue({
      events: [{ kind: 'board_meeting', meetsOn: '2025-10-16', papersDueDaysBefore: 7 }],
      returnsDueWorkingDays: 10,
      from: '2025-10-07',
      to: '2025-10-07',
    });
    expect(summary(sut)).toEqual(['2025-10-07 board_scorecard 2025-26 Q1']);
  });

  it('gives the HWB the latest half year: H1 in the autumn, H2 in the spring', () => {
    const sut = reportsDue({
      events: [
        { kind: 'hwb_meeting', meetsOn: '2025-12-02', papersDueDaysBefore: 10 },
        { kind: 'hwb_meeting', meetsOn: '2026-06-09', papersDueDaysBefore: 10 },
      ],
      returnsDueWorkingDays: 10,
      from: '2025-11-01',
      to: '2026-06-30',
    }).filter((d) => d.type === 'hwb_progress_pack');
    // Ten working days before; the spring bank holiday (Mon 25 May 2026) is not one of them.
    expect(summary(sut)).toEqual([
      '2025-11-18 hwb_progress_pack 2025-26 H1',
      '2026-05-26 hwb_progress_pack 2025-26 H2',
    ]);
  });

  it('lists nothing outside the window', () => {
    const sut = reportsDue({
      events: [{ kind: 'board_meeting', meetsOn: '2025-12-20', papersDueDaysBefore: 7 }],
      returnsDueWorkingDays: 10,
      from: '2025-11-16',
      to: '2025-11-30',
    });
    expect(sut).toEqual([]);
  });
});
