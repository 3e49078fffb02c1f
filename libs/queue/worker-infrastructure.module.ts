import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobDispatcher } from './job-dispatcher.service.js';
import { QueueReconciler } from './queue-reconciler.service.js';
import { SystemJobsService } from './system-jobs.service.js';

@Module({
  imports: [DiscoveryModule],
  providers: [JobDispatcher, QueueReconciler, SystemJobsService],
  exports: [QueueReconciler],
})
export class WorkerInfrastructureModule {}
