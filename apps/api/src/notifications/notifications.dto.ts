import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsOptional, IsString } from 'class-validator';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../../../libs/notifications/index.js';
import { PaginationQueryDto } from '../http/page-query.dto.js';

const STATUSES = ['queued', 'sending', 'sent', 'retrying', 'refused', 'held', 'digested'] as const;

export class NotificationQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS })
  @IsOptional()
  @IsIn(NOTIFICATION_KINDS)
  kind?: NotificationKind;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];
}

export class NotificationSettingsDto {
  @ApiProperty({ example: ['return_reminder'], description: 'Kinds of email you do not want' })
  @IsArray()
  @IsString({ each: true })
  mutedKinds: string[];

  @ApiProperty({ example: false, description: 'One email a day (17:00) instead of one each' })
  @IsBoolean()
  digest: boolean;
}
