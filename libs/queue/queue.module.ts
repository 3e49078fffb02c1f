import { Global, Module } from '@nestjs/common';
import { AfterCommitJobs } from './after-commit.js';
import { QueueService } from './queue.service.js';

@Global()
@Module({ providers: [QueueService, AfterCommitJobs], exports: [QueueService] })
export class QueueModule {}
