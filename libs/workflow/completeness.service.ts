import { Injectable } from '@nestjs/common';
import { Clock } from '../common/index.js';
import { dateInEngland, formatPeriod, previousPeriod, type Period } from '../periods/index.js';
import { ReturnsService, type GroupReturnStatus } from '../returns/index.js';
import {
  groupCompleteness,
  summariseCompleteness,
  type CompletenessSummary,
  type GroupCompleteness,
} from './completeness.js';

export interface PeriodCompleteness {
  period: Period & { label: string };
  groups: GroupCompleteness[];
  summary: CompletenessSummary;
}

export interface Completeness extends PeriodCompleteness {
  /** The same for the three quarters before, newest first: a group's record over the last four quarters. */
  previous: PeriodCompleteness[];
}

/** Completeness and timeliness of returns, per period and group (issue 14, item 4). */
@Injectable()
export class CompletenessService {
  constructor(
    private readonly returns: ReturnsService,
    private readonly clock: Clock,
  ) {}

  async forPeriod(period: Period): Promise<PeriodCompleteness> {
    const today = dateInEngland(this.clock.now());
    const groups = (await this.returns.status(period)).map((status) => groupCompleteness(factsOf(status), today));
    return { period: { ...period, label: formatPeriod(period) }, groups, summary: summariseCompleteness(groups) };
  }

  /** The period and, for a quarter, the three before it. */
  async withHistory(period: Period): Promise<Completeness> {
    const current = await this.forPeriod(period);
    const previous: PeriodCompleteness[] = [];
    if (period.type === 'quarter') {
      let earlier = period;
      for (let i = 0; i < 3; i += 1) {
        earlier = previousPeriod(earlier);
        previous.push(await this.forPeriod(earlier));
      }
    }
    return { ...current, previous };
  }
}

function factsOf(status: GroupReturnStatus) {
  return {
    groupId: status.groupId,
    groupCode: status.groupCode,
    groupName: status.groupName,
    deadline: status.deadline,
    receivedOn: status.firstReceivedAt ? dateInEngland(new Date(status.firstReceivedAt)) : null,
    signedOff: status.signedOff,
    awaitingSince: status.awaitingSignOff ? dateInEngland(new Date(status.awaitingSignOff.receivedAt)) : null,
  };
}
