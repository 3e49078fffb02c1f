import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ApiErrorDetail {
  @ApiPropertyOptional({ example: 'Targets!D14' })
  location?: string;

  @ApiProperty({ example: "'12,5%' is not a number; use 12.5" })
  message: string;
}

/** The one error shape of the whole API. */
export class ApiErrorBody {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'VALIDATION.FAILED' })
  code: string;

  @ApiProperty({ example: 'The request has 2 problems.' })
  message: string;

  @ApiPropertyOptional({ type: [ApiErrorDetail] })
  details?: ApiErrorDetail[];

  @ApiProperty({ example: '6f1c2d0e-3b9a-4c55-9a43-1d1e8f0e2a11' })
  correlationId: string;
}
