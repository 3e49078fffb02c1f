import { longDate, plural, type EmailContent } from '../notifications/index.js';

export interface DueReturn {
  readonly groupName: string;
  readonly periodLabel: string;
  readonly deadline: string;
  readonly indicatorCodes: readonly string[];
  readonly templateUrl: string;
}

const days = (n: number): string => plural(n, 'working day');

/** N working days before the deadline, and on the day (`workingDaysLeft` 0). */
export function returnReminderEmail(ret: DueReturn, workingDaysLeft: number): EmailContent {
  const when = workingDaysLeft === 0 ? 'today' : `on ${longDate(ret.deadline)}, in ${days(workingDaysLeft)}`;
  return {
    subject:
      workingDaysLeft === 0
        ? `${ret.groupName}: ${ret.periodLabel} return is due today`
        : `${ret.groupName}: ${ret.periodLabel} return is due on ${longDate(ret.deadline)}`,
    paragraphs: [
      `The ${ret.periodLabel} return from ${ret.groupName} is due ${when}${workingDaysLeft === 0 ? ` (${longDate(ret.deadline)})` : ''}.`,
      `It should have a value for each of these ${plural(ret.indicatorCodes.length, 'indicator')}:`,
      ret.indicatorCodes.map((code) => `- ${code}`).join('\n'),
      'Download the template, fill it in and upload it. If you have already sent it, you can ignore this email.',
    ],
    link: { text: 'Download the template', url: ret.templateUrl },
  };
}

/** After the deadline, to the data officers and, copied, to the group's chair. */
export function returnOverdueEmail(ret: DueReturn, workingDaysLate: number, asChair: boolean): EmailContent {
  return {
    subject: `Overdue: ${ret.groupName} ${ret.periodLabel} return`,
    paragraphs: [
      `The ${ret.periodLabel} return from ${ret.groupName} was due on ${longDate(ret.deadline)}. It has not been received and is ${days(workingDaysLate)} late.`,
      'The executive sees missing returns as exceptions, and the papers are built without the missing figures.',
      asChair
        ? `You get this copy as chair of ${ret.groupName}.`
        : 'Upload the return as soon as you can. If something is stopping you, tell the performance team.',
    ],
    link: { text: 'Download the template', url: ret.templateUrl },
  };
}

export interface ExceptionNotice {
  readonly groupName: string;
  readonly indicatorCode: string;
  readonly indicatorTitle: string;
  readonly periodLabel: string;
  /** The evaluation's plain-English reason, e.g. "32.0% is 8.0 points below the target of 40.0%". */
  readonly summary: string;
  readonly url: string;
}

/** To the owning group's data officers: new negative exceptions need their commentary. */
export function exceptionAlertEmail(exceptions: readonly ExceptionNotice[], url: string): EmailContent {
  const first = exceptions[0]!;
  return {
    subject:
      exceptions.length === 1
        ? `${first.groupName}: ${first.indicatorCode} needs commentary for ${first.periodLabel}`
        : `${first.groupName}: ${exceptions.length} new exceptions need commentary`,
    paragraphs: [
      `${plural(exceptions.length, 'new exception')} for ${first.groupName} ${exceptions.length === 1 ? 'needs' : 'need'} your commentary:`,
      exceptions.map((e) => `- ${e.indicatorCode} ${e.indicatorTitle}, ${e.periodLabel}: ${e.summary}`).join('\n'),
      'For each, add the cause, what is being done about it and when you expect it to recover. The executive reviews them once you have.',
    ],
    link: { text: 'Add commentary', url },
  };
}

/**
 * To the executive: a red exception has had no commentary for N working days. No commentary or people's
 * details: there is no commentary yet, and the email names the group, not its officers.
 */
export function exceptionEscalationEmail(exception: ExceptionNotice, workingDaysWithout: number): EmailContent {
  return {
    subject: `Escalation: ${exception.indicatorCode} is off target with no commentary for ${days(workingDaysWithout)}`,
    paragraphs: [
      `${exception.indicatorTitle} (${exception.indicatorCode}) is off target for ${exception.periodLabel}, and ${exception.groupName} has given no commentary for ${days(workingDaysWithout)}.`,
      exception.summary,
      `You may want to ask ${exception.groupName} for its account before the exception report goes to the executive.`,
    ],
    link: { text: 'See the exception', url: exception.url },
  };
}
