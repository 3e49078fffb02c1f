import {
  addWorkingDays,
  compare,
  half,
  type IsoDate,
  nextPeriod,
  type Period,
  periodContaining,
  periodParts,
  previousPeriod,
} from '../periods/index.js';
import type { ReportTypeName } from './report-types.js';

export interface CalendarEvent {
  readonly kind: 'board_meeting' | 'hwb_meeting';
  readonly meetsOn: IsoDate;
  readonly papersDueDaysBefore: number;
}

export interface DueReport {
  readonly type: Exclude<ReportTypeName, 'group_update'>;
  readonly period: Period;
  readonly dueOn: IsoDate;
  readonly reason: string;
}

export interface ScheduleInput {
  readonly events: readonly CalendarEvent[];
  /** Working days after a quarter ends by which every lead group's return is due (the latest group's). */
  readonly returnsDueWorkingDays: number;
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** The last day on which returns for a quarter are due. */
export function quarterReturnsDeadline(quarter: Period, workingDays: number): IsoDate {
  return addWorkingDays(quarter.end, workingDays);
}

/** The latest quarter whose returns were all due before `date`. */
function latestQuarterReturnedBy(date: IsoDate, workingDays: number): Period {
  let quarter = previousPeriod(periodContaining('quarter', date));
  while (quarterReturnsDeadline(quarter, workingDays) >= date) quarter = previousPeriod(quarter);
  return quarter;
}

/** The latest half year (H1 Apr–Sep, H2 Oct–Mar) whose returns were all due before `date`. */
function latestHalfReturnedBy(date: IsoDate, workingDays: number): Period {
  const quarter = latestQuarterReturnedBy(date, workingDays);
  const parts = periodParts(quarter);
  if (parts.type !== 'quarter') throw new Error('expected a quarter');
  if (parts.quarter >= 2 && parts.quarter < 4) return half(parts.fyStartYear, 1);
  if (parts.quarter === 4) return half(parts.fyStartYear, 2);
  return half(parts.fyStartYear - 1, 2);
}

const within = (date: IsoDate, from: IsoDate, to: IsoDate): boolean => date >= from && date <= to;

/**
 * Which scheduled reports fall due between `from` and `to` (inclusive):
 * - the executive's exception report the working day after each quarter's returns deadline;
 * - the board scorecard `papersDueDaysBefore` working days before each board meeting (lincolnshire 6.2), for the latest quarter returned by then;
 * - the HWB progress pack before each HWB meeting, for the latest half year returned by then.
 */
export function reportsDue(input: ScheduleInput): DueReport[] {
  const due: DueReport[] = [];
  const firstQuarter = previousPeriod(previousPeriod(periodContaining('quarter', input.from)));
  for (
    let quarter = firstQuarter;
    compare(quarter, periodContaining('quarter', input.to)) <= 0;
    quarter = nextPeriod(quarter)
  ) {
    const deadline = quarterReturnsDeadline(quarter, input.returnsDueWorkingDays);
    const dueOn = addWorkingDays(deadline, 1);
    if (within(dueOn, input.from, input.to)) {
      due.push({
        type: 'exception_report',
        period: quarter,
        dueOn,
        reason: `returns for the quarter were due on ${deadline}`,
      });
    }
  }
  for (const event of input.events) {
    const dueOn = addWorkingDays(event.meetsOn, -event.papersDueDaysBefore);
    if (!within(dueOn, input.from, input.to)) continue;
    if (event.kind === 'board_meeting') {
      const period = latestQuarterReturnedBy(dueOn, input.returnsDueWorkingDays);
      due.push({ type: 'board_scorecard', period, dueOn, reason: `board meets on ${event.meetsOn}` });
    } else {
      const period = latestHalfReturnedBy(dueOn, input.returnsDueWorkingDays);
      due.push({
        type: 'hwb_progress_pack',
        period,
        dueOn,
        reason: `Health and Wellbeing Board meets on ${event.meetsOn}`,
      });
    }
  }
  return due.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.type.localeCompare(b.type));
}
