import { Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Actor, Permission } from '../../../../libs/access/index.js';
import { CatalogueService, TargetsService } from '../../../../libs/catalogue/index.js';
import { Clock } from '../../../../libs/common/index.js';
import { ExceptionsService } from '../../../../libs/exceptions/index.js';
import { QueueName, QueueService } from '../../../../libs/queue/index.js';
import { ReportCalendarService, ReportsService } from '../../../../libs/reports/index.js';
import { ReturnsService } from '../../../../libs/returns/index.js';
import { CurrentActor, HasPermission } from '../auth/auth.decorators.js';
import { PageRenderer } from './page-renderer.js';
import { WebController } from './web-controller.decorator.js';
import { currentReturnsQuarter } from './reporting-period.js';

const FIRST = (pageSize: number) => ({ page: 1, pageSize });
const RETURN_STATE_TEXT = { received: 'Received', late: 'Late', missing: 'Missing', not_yet_due: 'Not yet due' };
const RETURN_STATE_TAG = {
  received: 'govuk-tag--green',
  late: 'govuk-tag--red',
  missing: 'govuk-tag--red',
  not_yet_due: 'govuk-tag--grey',
};

/** Home: what this person has to do now, by role. */
@WebController()
export class HomeController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly returns: ReturnsService,
    private readonly exceptions: ExceptionsService,
    private readonly reports: ReportsService,
    private readonly calendar: ReportCalendarService,
    private readonly catalogue: CatalogueService,
    private readonly targets: TargetsService,
    private readonly queues: QueueService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @HasPermission(Permission.SessionUse)
  async home(@Req() request: Request, @Res() response: Response, @CurrentActor() actor: Actor): Promise<void> {
    const period = currentReturnsQuarter(this.clock.now());
    const sections = await this.sectionsFor(actor, period);
    await this.pages.render(request, response, 'home.njk', {
      title: 'What to do now',
      period,
      role: actor.role,
      ...sections,
    });
  }

  private async sectionsFor(
    actor: Actor,
    period: ReturnType<typeof currentReturnsQuarter>,
  ): Promise<Record<string, unknown>> {
    switch (actor.role) {
      case 'data_officer':
        return this.dataOfficer(actor, period);
      case 'executive_member':
        return this.executive(actor, period);
      case 'admin':
        return this.admin(actor);
      default:
        return this.papers(actor);
    }
  }

  private async dataOfficer(actor: Actor, period: ReturnType<typeof currentReturnsQuarter>) {
    const status = (await this.returns.status(period)).filter((s) => actor.groupIds.includes(s.groupId));
    const returns = await Promise.all(
      status.map(async (s) => {
        const {
          items: [latest],
        } = await this.returns.history(s.groupId, period, FIRST(1), actor);
        return {
          ...s,
          stateText: RETURN_STATE_TEXT[s.state],
          stateTag: RETURN_STATE_TAG[s.state],
          rejected: latest?.outcome === 'rejected' ? latest : null,
        };
      }),
    );
    const awaiting = await this.exceptions.list({ status: ['open'] }, FIRST(10), actor);
    return { returns, awaitingCommentary: awaiting };
  }

  private async executive(actor: Actor, period: ReturnType<typeof currentReturnsQuarter>) {
    const awaitingOwners = await this.exceptions.list({ status: ['open'] }, FIRST(1), actor);
    const byPriority = new Map<string, number>();
    let toReview = { total: 0 };
    for (let page = 1; ; page += 1) {
      const found = await this.exceptions.list({ status: ['commented'] }, { page, pageSize: 500 }, actor);
      for (const exception of found.items) {
        const key = exception.priority?.title ?? 'No priority';
        byPriority.set(key, (byPriority.get(key) ?? 0) + 1);
      }
      toReview = found;
      if (page * found.pageSize >= found.total) break;
    }
    const status = await this.returns.status(period);
    const count = (state: string) => status.filter((s) => s.state === state).length;
    return {
      toReviewTotal: toReview.total,
      awaitingOwners: awaitingOwners.total,
      toReviewByPriority: [...byPriority]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([priority, n]) => ({ priority, n })),
      completeness: {
        groups: status.length,
        received: count('received'),
        late: count('late'),
        missing: count('missing'),
        notYetDue: count('not_yet_due'),
      },
    };
  }

  private async papers(actor: Actor) {
    const today = this.clock.now().toISOString().slice(0, 10);
    const kind = actor.role === 'hwb_member' ? 'hwb_meeting' : 'board_meeting';
    const nextMeeting =
      (await this.calendar.list())
        .filter((e) => e.kind === kind && e.meetsOn >= today)
        .sort((a, b) => a.meetsOn.localeCompare(b.meetsOn))[0] ?? null;
    const latest = await this.reports.list({ status: 'completed' }, FIRST(5), actor);
    return { papers: latest.items, nextMeeting };
  }

  private async admin(actor: Actor) {
    const queues = await Promise.all(
      Object.values(QueueName).map(async (queue) => ({ queue, counts: await this.queues.countJobs(queue) })),
    );
    const [indicators, groups, targets] = await Promise.all([
      this.catalogue.listIndicators({}, undefined, FIRST(1)),
      this.catalogue.listGroups({}, undefined, FIRST(1)),
      this.targets.list({}, FIRST(1), actor),
    ]);
    return {
      jobs: queues.map((q) => ({
        queue: q.queue,
        failed: q.counts.failed ?? 0,
        waiting: q.counts.waiting ?? 0,
        active: q.counts.active ?? 0,
      })),
      catalogue: { indicators: indicators.total, groups: groups.total, targets: targets.total },
    };
  }
}
