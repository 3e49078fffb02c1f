import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { QueueService } from '../../../../libs/queue/index.js';
import { Public } from '../auth/auth.decorators.js';

type DependencyState = 'up' | 'down';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'PostgreSQL and Redis reachability; 503 when either is down' })
  async check(@Res({ passthrough: true }) response: Response) {
    const [postgres, redis] = await Promise.all([this.postgres(), this.queues.ping()]);
    const dependencies: Record<string, DependencyState> = { postgres, redis: redis ? 'up' : 'down' };
    const healthy = Object.values(dependencies).every((state) => state === 'up');
    response.status(healthy ? 200 : 503);
    return { status: healthy ? 'ok' : 'degraded', dependencies };
  }

  private async postgres(): Promise<DependencyState> {
    try {
      await this.dataSource.query('SELECT 1');
      return 'up';
    } catch {
      return 'down';
    }
  }
}
