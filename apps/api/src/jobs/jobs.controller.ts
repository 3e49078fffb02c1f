import { Controller, Get, HttpCode, NotFoundException, Param, ParseEnumPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Permission } from '../../../../libs/access/index.js';
import { Clock } from '../../../../libs/common/index.js';
import { JobName, QueueName, QueueService } from '../../../../libs/queue/index.js';
import { HasPermission } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';

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
    const jobId = await this.queues.enqueue(JobName.Ping, { requestedAt: this.clock.now().toISOString() });
    return { queue: QueueName.System, jobId };
  }

  @Get(':queue/:id')
  @HasPermission(Permission.JobsManage)
  @ApiParam({ name: 'queue', enum: QueueName })
  @ApiOperation({ summary: "A job's state, progress, attempts and failure reason" })
  async get(@Param('queue', new ParseEnumPipe(QueueName)) queue: QueueName, @Param('id') id: string) {
    const job = await this.queues.getJob(queue, id);
    if (!job) throw new NotFoundException(`No job '${id}' in the ${queue} queue.`);
    return job;
  }
}
