import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsPositive, IsString, Matches, MaxLength } from 'class-validator';

const COLUMN = /^[A-Za-z0-9_]+$/;

export class FingertipsMappingDto {
  @ApiProperty({ description: 'Indicator id or code', example: 'CYP-INF-01' })
  @IsString()
  @MaxLength(80)
  indicator: string;

  @ApiProperty({ description: 'The Fingertips "Indicator ID"', example: 93356 })
  @IsInt()
  @IsPositive()
  fingertipsIndicatorId: number;

  @ApiPropertyOptional({
    description: 'Only rows with this Sex (e.g. Persons); needed when the export has several',
    example: 'Persons',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  sex?: string;

  @ApiPropertyOptional({ description: 'Only rows with this Age (e.g. All ages)', example: 'All ages' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  age?: string;
}

export class DfeMappingDto {
  @ApiProperty({ description: 'Indicator id or code' })
  @IsString()
  @MaxLength(80)
  indicator: string;

  @ApiProperty({ description: 'The EES column holding the value', example: 'rate_per_10000' })
  @Matches(COLUMN)
  measureColumn: string;

  @ApiPropertyOptional({
    description: 'Filter column → the text its rows must hold',
    example: { population_count: 'Children looked after at 31 March each year' },
  })
  @IsOptional()
  @IsObject()
  filters?: Record<string, string>;

  @ApiPropertyOptional({ example: 'number' })
  @IsOptional()
  @Matches(COLUMN)
  countColumn?: string;

  @ApiPropertyOptional({ example: 'population_estimate' })
  @IsOptional()
  @Matches(COLUMN)
  denominatorColumn?: string;

  @ApiPropertyOptional({ description: 'Lower 95% confidence limit', example: 'p8score_CI_low' })
  @IsOptional()
  @Matches(COLUMN)
  lowerCiColumn?: string;

  @ApiPropertyOptional({ description: 'Upper 95% confidence limit', example: 'p8score_CI_upp' })
  @IsOptional()
  @Matches(COLUMN)
  upperCiColumn?: string;
}

export class ComparatorFileDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The CSV file as published' })
  file: unknown;
}

export class ComparatorValuesQueryDto {
  @ApiPropertyOptional({ description: 'Indicator id or code' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  indicator?: string;

  @ApiPropertyOptional({ description: 'Area id or GSS code', example: 'E92000001' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  area?: string;

  @ApiPropertyOptional({ example: '2023-24' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  period?: string;
}
