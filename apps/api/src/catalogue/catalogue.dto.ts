import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  AREA_KINDS,
  type AreaKind,
  FREQUENCIES,
  type Frequency,
  GROUP_KINDS,
  type GroupKind,
  type IndicatorPolarity,
  POLARITIES,
  ROLL_UPS,
  type RollUp,
  type Unit,
  UNITS,
} from '../../../../libs/catalogue/index.js';
import { PageQueryDto } from '../http/page-query.dto.js';

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const CODE_MESSAGE =
  'code may contain only letters, digits, dot, underscore and hyphen, and must start with a letter or digit';

export class CreatePlanDto {
  @ApiProperty({ example: 'CYPP-2024-27' })
  @Matches(CODE, { message: CODE_MESSAGE })
  @MaxLength(40)
  code: string;

  @ApiProperty({ example: "Children and Young People's Plan 2024-27" })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: 2024, description: 'First financial year (start year)' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  startYear: number;

  @ApiProperty({ example: 2026, description: 'Last financial year (start year)' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  endYear: number;
}
export class UpdatePlanDto extends PartialType(CreatePlanDto) {}

export class CreatePriorityDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  planId: string;

  @ApiProperty({ example: 'P1' })
  @Matches(CODE, { message: CODE_MESSAGE })
  @MaxLength(40)
  code: string;

  @ApiProperty({ example: 'Be healthy' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ example: 'Director of Public Health' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  accountableMember?: string;

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsInt()
  @Min(0)
  displayOrder?: number;
}
export class UpdatePriorityDto extends PartialType(CreatePriorityDto) {}

export class CreateGroupDto {
  @ApiProperty({ example: 'EWB' })
  @Matches(CODE, { message: CODE_MESSAGE })
  @MaxLength(40)
  code: string;

  @ApiProperty({ example: 'Emotional Wellbeing Group' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiProperty({ enum: GROUP_KINDS })
  @IsIn(GROUP_KINDS)
  kind: GroupKind;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The group it reports to' })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ example: 10, description: 'Returns are due this many working days after a period ends' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  returnsDueWorkingDays?: number;

  @ApiPropertyOptional({
    example: false,
    description:
      'A second person of the group must sign off each return before it counts (POST /api/returns/:id/sign-off)',
  })
  @IsOptional()
  @IsBoolean()
  requiresSignOff?: boolean;
}
export class UpdateGroupDto extends PartialType(CreateGroupDto) {}

export class CreateAreaDto {
  @ApiProperty({ example: 'E10000019', description: 'ONS GSS code where one exists' })
  @Matches(CODE, { message: CODE_MESSAGE })
  @MaxLength(40)
  code: string;

  @ApiProperty({ example: 'Lincolnshire' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiProperty({ enum: AREA_KINDS })
  @IsIn(AREA_KINDS)
  kind: AreaKind;

  @ApiPropertyOptional({ example: 'E12000004', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  parentCode?: string | null;

  @ApiPropertyOptional({ description: "The partnership's own local authority" })
  @IsOptional()
  @IsBoolean()
  isHome?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isStatisticalNeighbour?: boolean;
}
export class UpdateAreaDto extends PartialType(CreateAreaDto) {}

export class CreateIndicatorDto {
  @ApiProperty({ example: 'CLA-RATE' })
  @Matches(CODE, { message: CODE_MESSAGE })
  @MaxLength(40)
  code: string;

  @ApiProperty({ example: 'Children looked after, rate per 10,000 children under 18' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  definition?: string;

  @ApiProperty({ enum: UNITS })
  @IsIn(UNITS)
  unit: Unit;

  @ApiPropertyOptional({ minimum: 0, maximum: 6, default: 1 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(6)
  decimalPlaces?: number;

  @ApiProperty({ enum: POLARITIES })
  @IsIn(POLARITIES)
  polarity: IndicatorPolarity;

  @ApiProperty({ enum: FREQUENCIES })
  @IsIn(FREQUENCIES)
  frequency: Frequency;

  @ApiProperty({ enum: ROLL_UPS, description: 'How values roll up over a year' })
  @IsIn(ROLL_UPS)
  rollUp: RollUp;

  @ApiPropertyOptional({ description: 'Returns carry year-to-date totals' })
  @IsOptional()
  @IsBoolean()
  cumulativeYtd?: boolean;

  @ApiPropertyOptional({ description: 'Reported for each district as well as the whole authority' })
  @IsOptional()
  @IsBoolean()
  reportedByArea?: boolean;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  priorityId: string;

  @ApiPropertyOptional({ example: 'DfE SSDA903' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  dataSource?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  plausibleMin?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  plausibleMax?: number | null;
}
export class UpdateIndicatorDto extends PartialType(CreateIndicatorDto) {}

export class PriorityQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  planId?: string;
}

export class GroupQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: GROUP_KINDS })
  @IsOptional()
  @IsIn(GROUP_KINDS)
  kind?: GroupKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

export class AreaQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AREA_KINDS })
  @IsOptional()
  @IsIn(AREA_KINDS)
  kind?: AreaKind;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  isStatisticalNeighbour?: 'true' | 'false';
}

export class IndicatorQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  priorityId?: string;

  @ApiPropertyOptional({ enum: POLARITIES })
  @IsOptional()
  @IsIn(POLARITIES)
  polarity?: IndicatorPolarity;

  @ApiPropertyOptional({ enum: UNITS })
  @IsOptional()
  @IsIn(UNITS)
  unit?: Unit;

  @ApiPropertyOptional({ enum: FREQUENCIES })
  @IsOptional()
  @IsIn(FREQUENCIES)
  frequency?: Frequency;
}
