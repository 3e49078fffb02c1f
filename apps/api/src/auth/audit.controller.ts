import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '../../../../libs/access/index.js';
import { AuditService } from '../../../../libs/audit/index.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { HasPermission } from './auth.decorators.js';
import { AuditQueryDto } from './auth.dto.js';

/** Read-only: the audit trail has no write, update or delete endpoint, and the database refuses changes. */
@ApiTags('access')
@ApiBearerAuth()
@ApiErrors()
@Controller('api/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @HasPermission(Permission.AuditRead)
  @ApiOperation({ summary: 'Who changed what, when, from what to what; q finds text in any of it' })
  list(@Query() query: AuditQueryDto) {
    return this.audit.list(
      {
        entityType: query.entityType,
        entityId: query.entityId,
        actorId: query.actorId,
        action: query.action,
        q: query.q,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      },
      query,
    );
  }
}
