import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseEnumPipe,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, Permission } from '../../../../libs/access/index.js';
import {
  PaperSettingsService,
  REPORT_TYPES,
  ReportCalendarService,
  ReportFormat,
  ReportsService,
  type ReportTypeName,
} from '../../../../libs/reports/index.js';
import { CurrentActor, HasPermission } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { requirePeriod } from '../http/period.param.js';
import {
  CalendarEventDto,
  PaperSettingDto,
  ReportQueryDto,
  RequestReportDto,
  ScheduleQueryDto,
  UpdateCalendarEventDto,
} from './reports.dto.js';

const uuid = new ParseUUIDPipe({ version: '4' });
export const FORMATS = { xlsx: 'xlsx', pdf: 'pdf' } as const;
export const CONTENT_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

@ApiTags('reports')
@ApiBearerAuth()
@ApiErrors()
@Controller('api')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly calendar: ReportCalendarService,
    private readonly papers: PaperSettingsService,
  ) {}

  @Get('report-types')
  @HasPermission(Permission.ReportsConfigure)
  @ApiOperation({ summary: "Each paper type's classification, audience and who may read it" })
  paperSettings() {
    return this.papers.all();
  }

  @Put('report-types/:type')
  @HasPermission(Permission.ReportsConfigure)
  @ApiParam({ name: 'type', enum: REPORT_TYPES })
  @ApiOperation({
    summary: "Set a paper type's classification and audience for this partnership; applies to papers requested after",
  })
  updatePaperSetting(
    @Param('type', new ParseEnumPipe(Object.fromEntries(REPORT_TYPES.map((t) => [t, t]))))
    type: ReportTypeName,
    @Body() body: PaperSettingDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.papers.update(type, body, actor);
  }

  @Get('reports')
  @HasPermission(Permission.ReportsRead)
  @ApiOperation({ summary: 'Reports you may read (by role; confidential papers only for their audience)' })
  list(@Query() query: ReportQueryDto, @CurrentActor() actor: Actor) {
    const period = query.period ? requirePeriod(query.period, 'period') : undefined;
    return this.reports.list({ type: query.type, periodStart: period?.start, status: query.status }, query, actor);
  }

  @Post('reports')
  @HttpCode(202)
  @HasPermission(Permission.ReportsRequest)
  @ApiOperation({ summary: 'Request a report; the same request for the same data reuses the existing job' })
  request(@Body() body: RequestReportDto, @CurrentActor() actor: Actor) {
    return this.reports.request(
      { type: body.type, period: requirePeriod(body.period, 'period'), group: body.group ?? body.groupId ?? null },
      'on_demand',
      actor,
    );
  }

  @Get('reports/:id')
  @HasPermission(Permission.ReportsRead)
  @ApiOperation({ summary: "A report's status, progress, data cut and files" })
  get(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.reports.get(id, actor);
  }

  @Get('reports/:id/files/:format')
  @HasPermission(Permission.ReportsRead)
  @ApiParam({ name: 'format', enum: ['xlsx', 'pdf'] })
  @ApiProduces(CONTENT_TYPES.xlsx, CONTENT_TYPES.pdf)
  @ApiOperation({ summary: 'Download the workbook or the PDF board paper' })
  async download(
    @Param('id', uuid) id: string,
    @Param('format', new ParseEnumPipe(FORMATS)) format: ReportFormat,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const file = await this.reports.filePath(id, format, actor);
    response.setHeader('content-type', CONTENT_TYPES[format]);
    response.download(file.path, file.fileName);
  }

  @Post('reports/:id/retry')
  @HttpCode(202)
  @HasPermission(Permission.JobsManage)
  @ApiOperation({ summary: 'Retry a failed report from its recorded data cut' })
  retry(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.reports.retry(id, actor);
  }

  @Get('reporting-calendar')
  @HasPermission(Permission.ReportsRead)
  @ApiOperation({ summary: 'Board and HWB meeting dates that drive the report schedule' })
  listCalendar() {
    return this.calendar.list();
  }

  @Get('reporting-calendar/schedule')
  @HasPermission(Permission.ReportsRead)
  @ApiOperation({ summary: 'Which scheduled reports fall due between two dates, and why' })
  schedule(@Query() query: ScheduleQueryDto) {
    return this.calendar.schedule(query.from, query.to);
  }

  @Post('reporting-calendar')
  @ApiOperation({ summary: 'Add a board or HWB meeting to the reporting calendar' })
  @HasPermission(Permission.CatalogueWrite)
  createEvent(@Body() body: CalendarEventDto, @CurrentActor() actor: Actor) {
    return this.calendar.create(body, actor);
  }

  @Patch('reporting-calendar/:id')
  @ApiOperation({ summary: 'Change a reporting calendar event' })
  @HasPermission(Permission.CatalogueWrite)
  updateEvent(@Param('id', uuid) id: string, @Body() body: UpdateCalendarEventDto, @CurrentActor() actor: Actor) {
    return this.calendar.update(id, body, actor);
  }

  @Delete('reporting-calendar/:id')
  @ApiOperation({ summary: 'Remove a reporting calendar event' })
  @HttpCode(204)
  @HasPermission(Permission.CatalogueWrite)
  async deleteEvent(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.calendar.remove(id, actor);
  }
}
