import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/index.js';
import { AccessService } from './access.service.js';
import { User } from './user.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([User]), AuditModule],
  providers: [AccessService],
  exports: [AccessService],
})
export class AccessModule {}
