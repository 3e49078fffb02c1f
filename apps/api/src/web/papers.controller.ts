import { Controller, Get, Param, ParseEnumPipe, ParseUUIDPipe, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, Permission } from '../../../../libs/access/index.js';
import { ReportsService, type ReportFormat } from '../../../../libs/reports/index.js';
import { CurrentActor, HasPermission, WebPages } from '../auth/auth.decorators.js';
import { CONTENT_TYPES, FORMATS } from '../reports/reports.controller.js';
import { CsrfGuard } from './csrf.guard.js';
import { WebExceptionFilter } from './web-exception.filter.js';

/** A paper's files for the browser (the session cookie), under the same audience rules as the API. */
@ApiExcludeController()
@WebPages()
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
@Controller('reports')
export class PapersController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':id/files/:format')
  @HasPermission(Permission.ReportsRead)
  async download(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Param('format', new ParseEnumPipe(FORMATS)) format: ReportFormat,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const file = await this.reports.filePath(id, format, actor);
    response.setHeader('content-type', CONTENT_TYPES[format]);
    response.download(file.path, file.fileName);
  }
}
