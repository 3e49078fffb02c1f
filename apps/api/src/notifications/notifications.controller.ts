import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, Permission } from '../../../../libs/access/index.js';
import { NotificationsService } from '../../../../libs/notifications/index.js';
import { CurrentActor, HasPermission } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { NotificationQueryDto, NotificationSettingsDto } from './notifications.dto.js';

@ApiTags('notifications')
@ApiBearerAuth()
@ApiErrors()
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @HasPermission(Permission.NotificationsRead)
  @ApiOperation({
    summary:
      'Emails sent, newest first, with their outcome (sent, retrying, refused with the reason): admins all, everyone else their own',
  })
  list(@Query() query: NotificationQueryDto, @CurrentActor() actor: Actor) {
    return this.notifications.list({ kind: query.kind, status: query.status }, query, actor);
  }

  @Get('settings')
  @HasPermission(Permission.NotificationsRead)
  @ApiOperation({ summary: 'Your notification settings: which kinds of email, and immediate or a daily digest' })
  settings(@CurrentActor() actor: Actor) {
    return this.notifications.settings(actor);
  }

  @Put('settings')
  @HasPermission(Permission.NotificationsRead)
  @ApiOperation({ summary: 'Change your notification settings (audited)' })
  updateSettings(@Body() body: NotificationSettingsDto, @CurrentActor() actor: Actor) {
    return this.notifications.updateSettings(body, actor);
  }

  @Get('outbox')
  @HasPermission(Permission.NotificationsManage)
  @ApiOperation({ summary: 'The .eml files written while no SMTP server is configured (development, npm start)' })
  outbox() {
    return this.notifications.outbox();
  }
}
