import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { JOB_STATES, type JobStateName } from '../../../../libs/queue/index.js';
import { PaginationQueryDto } from '../http/page-query.dto.js';

export class JobQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: JOB_STATES, description: 'Only jobs in this state; all states when omitted' })
  @IsOptional()
  @IsIn(JOB_STATES)
  state?: JobStateName;
}
