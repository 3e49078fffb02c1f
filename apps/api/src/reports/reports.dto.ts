import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayNotEmpty,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CLASSIFICATIONS, type Classification, ROLES, type Role } from '../../../../libs/access/index.js';
import { REPORT_TYPES, type ReportTypeName } from '../../../../libs/reports/index.js';
import { PageQueryDto } from '../http/page-query.dto.js';

const STATUSES = ['queued', 'running', 'completed', 'failed'] as const;

export class RequestReportDto {
  @ApiProperty({ enum: REPORT_TYPES })
  @IsIn(REPORT_TYPES)
  type: ReportTypeName;

  @ApiProperty({ example: '2025-26 Q2', description: 'A quarter, or a half year (H1/H2) for the HWB pack' })
  @IsString()
  @MaxLength(40)
  period: string;

  @ApiPropertyOptional({
    example: 'EY',
    description: 'The lead group (id or code, as uploads take it), for a group update only',
  })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  group?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "The lead group's id; 'group' takes an id or a code" })
  @IsOptional()
  @IsUUID()
  groupId?: string;
}

export class ReportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REPORT_TYPES })
  @IsOptional()
  @IsIn(REPORT_TYPES)
  type?: ReportTypeName;

  @ApiPropertyOptional({ example: '2025-26 Q2' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  period?: string;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];
}

export class CalendarEventDto {
  @ApiProperty({ enum: ['board_meeting', 'hwb_meeting'] })
  @IsIn(['board_meeting', 'hwb_meeting'])
  kind: 'board_meeting' | 'hwb_meeting';

  @ApiProperty({ example: '2025-11-20' })
  @IsDateString({ strict: true })
  meetsOn: string;

  @ApiPropertyOptional({ example: "Children's Trust Board" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ example: 7, description: 'Papers are produced this many days before the meeting' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  papersDueDaysBefore?: number;
}

export class UpdateCalendarEventDto {
  @ApiPropertyOptional({ enum: ['board_meeting', 'hwb_meeting'] })
  @IsOptional()
  @IsIn(['board_meeting', 'hwb_meeting'])
  kind?: 'board_meeting' | 'hwb_meeting';

  @ApiPropertyOptional({ example: '2025-11-20' })
  @IsOptional()
  @IsDateString({ strict: true })
  meetsOn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  papersDueDaysBefore?: number;
}

export class ScheduleQueryDto {
  @ApiProperty({ example: '2025-10-01' })
  @IsDateString({ strict: true })
  from: string;

  @ApiProperty({ example: '2026-03-31' })
  @IsDateString({ strict: true })
  to: string;
}

export class PaperSettingDto {
  @ApiProperty({
    enum: CLASSIFICATIONS,
    description: "'official-sensitive' papers are confidential: marked on every page, read by their audience only",
  })
  @IsIn(CLASSIFICATIONS, {
    message: "classification must be 'official' or 'official-sensitive' (confidential).",
  })
  classification: Classification;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['executive_member', 'board_member'] })
  @IsArray({ message: 'audience must be a list of roles, e.g. ["executive_member", "board_member"].' })
  @ArrayNotEmpty({ message: 'audience must name at least one role; admins always read every paper.' })
  @IsIn(ROLES, { each: true, message: `each audience entry must be one of ${ROLES.join(', ')}.` })
  audience: Role[];
}
