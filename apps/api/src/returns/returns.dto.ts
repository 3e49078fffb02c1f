import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../http/page-query.dto.js';

export class TemplateQueryDto {
  @ApiProperty({ description: 'Group id or code', example: 'EY' })
  @IsString()
  @MaxLength(80)
  group: string;

  @ApiProperty({ description: 'Period label', example: '2024-25 Q2' })
  @IsString()
  @MaxLength(60)
  period: string;
}

export class SubmitReturnBodyDto {
  @ApiProperty({ description: 'Group id or code', example: 'EY' })
  @IsString()
  @MaxLength(80)
  group: string;

  @ApiProperty({ description: 'Period label', example: '2024-25 Q2' })
  @IsString()
  @MaxLength(60)
  period: string;
}

export class SubmitReturnQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Check on the returns queue and answer 202 with a job id',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  async?: 'true' | 'false';
}

/** Swagger only: the multipart form. */
export class SubmitReturnFormDto extends SubmitReturnBodyDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: '.xlsx (the template) or .csv with the same column headings',
  })
  file: unknown;
}

export class ReturnHistoryQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Group id or code' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  group?: string;

  @ApiPropertyOptional({ example: '2024-25 Q2' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  period?: string;
}

export class ReturnStatusQueryDto {
  @ApiProperty({ example: '2024-25 Q2' })
  @IsString()
  @MaxLength(60)
  period: string;
}

export class ValuesQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Indicator id or code' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  indicator?: string;

  @ApiPropertyOptional({ description: 'Area id or code (GSS code where one exists)' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  area?: string;

  @ApiPropertyOptional({ example: '2024-25 Q2' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  period?: string;
}
