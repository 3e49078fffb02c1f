import { Controller, Get, HttpCode, NotFoundException, Param, ParseEnumPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Permission } from '../../../../libs/access/index.js';
import { Clock } from '../../../../libs/common/index.js';
import { JOB_STATES, JobName, QueueName, QueueService } from '../../../../libs/queue/index.js';
import { HasPermission } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { JobQueryDto } from './jobs.dto.js';

@ApiTags('jobs')
@ApiBearerAuth()
@ApiErrors()
@Controller('api/jobs')
export class JobsController {
  constructor(
    private readonly queues: QueueService,
    private readonly clock: Clock,
  ) {}

  @Post('ping')
  @HttpCode(202)
  @HasPermission(Permission.JobsManage)
  @ApiOperation({ summary: 'Enqueue a ping job to check that a worker is consuming jobs' })
  async ping() {
    const { jobId } = await this.queues.enqueue(JobName.Ping, { requestedAt: this.clock.now().toISOString() });
    return { queue: QueueName.System, jobId };
  }

  @Get()
  @HasPermission(Permission.JobsManage)
  @ApiOperation({ summary: 'Every queue with how many jobs it holds in each state' })
  async overview() {
    const queues = Object.values(QueueName);
    const counts = await Promise.all(queues.map((queue) => this.queues.countJobs(queue)));
    return queues.map((queue, i) => ({ queue, counts: counts[i] }));
  }

  @Get(':queue')
  @HasPermission(Permission.JobsManage)
  @ApiParam({ name: 'queue', enum: QueueName })
  @ApiOperation({ summary: "A queue's recent jobs, newest first: progress, attempts and failure reasons" })
  list(@Param('queue', new ParseEnumPipe(QueueName)) queue: QueueName, @Query() query: JobQueryDto) {
    return this.queues.listJobs(queue, query.state ? [query.state] : JOB_STATES, query.page, query.pageSize);
  }

  @Get(':queue/:id')
  @HasPermission(Permission.JobsManage)
  @ApiParam({ name: 'queue', enum: QueueName })
  @ApiOperation({ summary: "A job's state, progress, attempts and failure reason, as PostgreSQL records it" })
  async get(@Param('queue', new ParseEnumPipe(QueueName)) queue: QueueName, @Param('id') id: string) {
    const job = await this.queues.getJob(queue, id);
    if (!job) throw new NotFoundException(`No job '${id}' in the ${queue} queue.`);
    return job;
  }

  @Post(':queue/:id/retry')
  @HttpCode(202)
  @HasPermission(Permission.JobsManage)
  @ApiParam({ name: 'queue', enum: QueueName })
  @ApiOperation({
    summary: 'Run a job again from its first attempt under the same id: a failed one, or one stuck queued or running',
  })
  retry(@Param('queue', new ParseEnumPipe(QueueName)) queue: QueueName, @Param('id') id: string) {
    return this.queues.retry(queue, id);
  }
}
