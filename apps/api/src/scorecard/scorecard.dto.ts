import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { EXCEPTION_KINDS, type ExceptionKind } from '../../../../libs/exceptions/index.js';
import type { RagRating } from '../../../../libs/reporting/index.js';
import { RAG_FILTERS } from '../../../../libs/scorecard/index.js';
import { commaList } from '../http/comma-list.js';
import { PaginationQueryDto } from '../http/page-query.dto.js';

export class ScorecardPeriodQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: '2025-26 Q2', description: 'Period label; the last complete quarter when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  period?: string;

  @ApiPropertyOptional({ description: 'Area code (e.g. E10000019) or id; the home authority when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  area?: string;
}

export class ScorecardQueryDto extends ScorecardPeriodQueryDto {
  @ApiPropertyOptional({ description: 'Plan priority code or id' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  priority?: string;

  @ApiPropertyOptional({ description: 'Owning group code or id' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  group?: string;

  @ApiPropertyOptional({
    enum: RAG_FILTERS,
    isArray: true,
    description: "One or more, comma-separated; 'none': no RAG",
  })
  @IsOptional()
  @Transform(commaList)
  @IsIn(RAG_FILTERS, { each: true })
  rag?: RagRating[];

  @ApiPropertyOptional({
    enum: EXCEPTION_KINDS,
    isArray: true,
    description: 'Only targets with an open exception of one of these kinds; comma-separated',
  })
  @IsOptional()
  @Transform(commaList)
  @IsIn(EXCEPTION_KINDS, { each: true })
  exceptionKind?: ExceptionKind[];
}
