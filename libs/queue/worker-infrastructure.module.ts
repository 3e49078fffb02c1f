import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobDispatcher } from './job-dispatcher.service.js';
import { SystemJobsService } from './system-jobs.service.js';

@Module({
  imports: [DiscoveryModule],
  providers: [JobDispatcher, SystemJobsService],
})
export class WorkerInfrastructureModule {}
