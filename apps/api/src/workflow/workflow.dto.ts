import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';

export class SignOffDto {
  @ApiProperty({
    enum: ['sign_off', 'send_back'],
    description: 'sign_off makes the return count; send_back refuses it',
  })
  @IsIn(['sign_off', 'send_back'])
  decision: 'sign_off' | 'send_back';

  @ApiPropertyOptional({
    example: 'The Q2 figure for CAMHS waits is last quarter’s; please check.',
    description: 'Required to send back',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class LockPeriodDto {
  @ApiPropertyOptional({ example: 'Packs for the board of 20 November are being built' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class UnlockPeriodDto {
  @ApiProperty({ example: 'Corrected CAMHS figures agreed by the executive' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

export class SetChairDto {
  @ApiProperty({ format: 'uuid', nullable: true, description: 'A member of the group; null for no chair' })
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  userId: string | null;
}
