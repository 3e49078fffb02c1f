import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { JOB_STATES, type JobStateName } from '../../../../libs/queue/index.js';

export class JobQueryDto {
  @ApiPropertyOptional({ enum: JOB_STATES, description: 'Only jobs in this state; all states when omitted' })
  @IsOptional()
  @IsIn(JOB_STATES)
  state?: JobStateName;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize: number = 50;
}
