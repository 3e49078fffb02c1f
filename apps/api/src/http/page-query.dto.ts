import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Which page of a list: every list endpoint takes these. */
export class PaginationQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize: number = 50;
}

/** A page of a catalogue-like list, with free-text search. */
export class PageQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Text to find in code, title or name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
