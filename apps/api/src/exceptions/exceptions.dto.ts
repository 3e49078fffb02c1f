import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import {
  EXCEPTION_KINDS,
  EXCEPTION_STATUSES,
  type ExceptionKind,
  type ExceptionStatus,
} from '../../../../libs/exceptions/index.js';
import { commaList } from '../http/comma-list.js';
import { PageQueryDto } from '../http/page-query.dto.js';

export class ExceptionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: EXCEPTION_STATUSES, isArray: true, description: 'One or more, comma-separated' })
  @IsOptional()
  @Transform(commaList)
  @IsIn(EXCEPTION_STATUSES, { each: true })
  status?: ExceptionStatus[];

  @ApiPropertyOptional({ enum: EXCEPTION_KINDS, isArray: true, description: 'One or more, comma-separated' })
  @IsOptional()
  @Transform(commaList)
  @IsIn(EXCEPTION_KINDS, { each: true })
  kind?: ExceptionKind[];

  @ApiPropertyOptional({
    description: 'true: good news (well above target, special cause improvement); false: needs attention',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  positive?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'The plan priority of the indicator' })
  @IsOptional()
  @IsUUID()
  priorityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  owningGroupId?: string;

  @ApiPropertyOptional({ example: '2024-25 Q2', description: 'Period label' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  period?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  indicatorId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  areaId?: string;
}

export class CommentaryDto {
  @ApiProperty({ example: 'Two experienced social workers left in the quarter' })
  @IsString()
  @MinLength(3)
  @MaxLength(4000)
  cause: string;

  @ApiProperty({ example: 'Agency cover agreed; recruitment campaign from October' })
  @IsString()
  @MinLength(3)
  @MaxLength(4000)
  action: string;

  @ApiPropertyOptional({ example: '2025-03-31', nullable: true, description: 'Required for a negative exception' })
  @IsOptional()
  @IsDateString({ strict: true })
  expectedRecoveryDate?: string | null;
}

export class LifecycleNoteDto {
  @ApiPropertyOptional({ example: 'Discussed at the CYP Executive on 12 November' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}

export class ReviewExceptionDto extends LifecycleNoteDto {
  @ApiPropertyOptional({
    description:
      "Approve the owning group's commentary for publication: papers that are not confidential then print it; otherwise they say 'Commentary held by the executive'.",
    default: false,
  })
  @IsOptional()
  @IsBoolean({ message: 'publishCommentary must be true or false.' })
  publishCommentary?: boolean;
}

export class CloseExceptionDto {
  @ApiProperty({ example: 'Recovered in Q3; no further action' })
  @IsString()
  @MinLength(3)
  @MaxLength(4000)
  reason: string;
}
