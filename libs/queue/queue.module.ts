import { Global, Module } from '@nestjs/common';
import { AfterCommitJobs } from './after-commit.js';
import { QueueService } from './queue.service.js';
import { QueuedWorkStore } from './queued-work.store.js';

@Global()
@Module({ providers: [QueueService, QueuedWorkStore, AfterCommitJobs], exports: [QueueService, QueuedWorkStore] })
export class QueueModule {}
