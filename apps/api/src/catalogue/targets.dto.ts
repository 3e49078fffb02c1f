import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDateString,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { BAND_KINDS, type BandKind } from '../../../../libs/catalogue/index.js';
import { PageQueryDto } from '../http/page-query.dto.js';

const FINITE = { allowNaN: false, allowInfinity: false };

export class BandDto {
  @ApiProperty({ enum: BAND_KINDS, description: "'relative' amounts are fractions of the target (0.05 = 5%)" })
  @IsIn(BAND_KINDS)
  kind: BandKind;

  @ApiProperty({ example: 2 })
  @IsNumber(FINITE)
  @Min(0)
  amount: number;
}

export class TargetValuesDto {
  @ApiPropertyOptional({ example: 75, nullable: true, description: 'A single-value target' })
  @IsOptional()
  @IsNumber(FINITE)
  value?: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'Low end of an in-range target' })
  @IsOptional()
  @IsNumber(FINITE)
  rangeLow?: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'High end of an in-range target' })
  @IsOptional()
  @IsNumber(FINITE)
  rangeHigh?: number | null;

  @ApiProperty({ type: BandDto, description: 'Amber band: worse than target but within this is amber' })
  @ValidateNested()
  @Type(() => BandDto)
  tolerance: BandDto;

  @ApiProperty({ type: BandDto, description: 'Better than target by at least this is "well above target"' })
  @ValidateNested()
  @Type(() => BandDto)
  exceptional: BandDto;

  @ApiPropertyOptional({ example: "Children's Trust Executive" })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  agreedBy?: string;

  @ApiPropertyOptional({ example: '2024-03-14', nullable: true })
  @IsOptional()
  @IsDateString({ strict: true })
  agreedOn?: string | null;
}

export class CreateTargetDto extends TargetValuesDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  indicatorId: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Omit for the whole local authority' })
  @IsOptional()
  @IsUUID()
  areaId?: string | null;

  @ApiProperty({ example: '2024-25', description: 'Period label, e.g. "2024-25", "2024-25 Q2"' })
  @IsString()
  @MaxLength(40)
  period: string;

  @ApiProperty({ format: 'uuid', description: 'The lead group that owns the target' })
  @IsUUID()
  owningGroupId: string;
}

export class NewTargetVersionDto extends TargetValuesDto {
  @ApiProperty({ example: 'Revised after the Ofsted inspection', description: 'Why the agreed target changes' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}

export class ChangeOwnerDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  groupId: string;

  @ApiPropertyOptional({ example: 'Executive reallocated lead responsibility' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class TargetQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  indicatorId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  owningGroupId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  priorityId?: string;

  @ApiPropertyOptional({ example: '2024-25' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  period?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  areaId?: string;
}
