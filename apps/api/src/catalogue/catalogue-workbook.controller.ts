import {
  BadRequestException,
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  HttpCode,
  Inject,
  Injectable,
  NestInterceptor,
  Post,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { type Actor, Permission } from '../../../../libs/access/index.js';
import { CatalogueWorkbookService } from '../../../../libs/catalogue/index.js';
import { Clock } from '../../../../libs/common/index.js';
import { APP_CONFIG, type AppConfig } from '../../../../libs/config/index.js';
import { dateInEngland } from '../../../../libs/periods/index.js';
import { CurrentActor, HasPermission } from '../auth/auth.decorators.js';
import { ApiErrorBody } from '../http/api-error.js';
import { ApiErrors } from '../http/api-errors.decorator.js';

/** The parts of multer's file this route uses. */
interface UploadedWorkbook {
  readonly buffer: Buffer;
  readonly originalname: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

class CatalogueCountsDto {
  @ApiProperty() plans: number;
  @ApiProperty() priorities: number;
  @ApiProperty() groups: number;
  @ApiProperty() areas: number;
  @ApiProperty() indicators: number;
  @ApiProperty() targets: number;
}

class NotInWorkbookDto {
  @ApiProperty({ type: [String], example: ['CYPP-2016-19'] }) plans: string[];
  @ApiProperty({ type: [String], example: ['CYPP-2016-19/P3'], description: 'PLAN/PRIORITY' }) priorities: string[];
  @ApiProperty({ type: [String] }) groups: string[];
  @ApiProperty({ type: [String] }) areas: string[];
  @ApiProperty({ type: [String] }) indicators: string[];
  @ApiProperty({ type: [String], example: ['CLA-RATE 2023-24', 'CLA-RATE 2024-25 Q2 for E07000136'] })
  targets: string[];
}

class CatalogueImportSummaryDto {
  @ApiProperty({ type: CatalogueCountsDto }) created: CatalogueCountsDto;
  @ApiProperty({ type: CatalogueCountsDto, description: 'Targets: those given a new version or a new owning group' })
  updated: CatalogueCountsDto;
  @ApiProperty({ type: CatalogueCountsDto }) unchanged: CatalogueCountsDto;
  @ApiProperty({ description: 'Targets whose values changed: each got a new version, the earlier ones kept' })
  newTargetVersions: number;
  @ApiProperty({ description: 'Targets given a new owning group (recorded with the change reason)' })
  ownerChanges: number;
  @ApiProperty({
    type: NotInWorkbookDto,
    description: 'In the catalogue but not in the workbook: left as they are, never deleted',
  })
  notInWorkbook: NotInWorkbookDto;
}

/**
 * Multipart upload of one file into memory (multer's default storage: the workbook is parsed from a
 * buffer), capped at the configured upload size so an oversize file is refused (413) while it arrives.
 */
@Injectable()
export class CatalogueWorkbookUpload implements NestInterceptor {
  private readonly multer: NestInterceptor;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const Interceptor = FileInterceptor('file', { limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 5 } });
    this.multer = new Interceptor();
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> | Promise<Observable<unknown>> {
    return this.multer.intercept(context, next);
  }
}

@ApiTags('catalogue')
@ApiBearerAuth()
@ApiErrors()
@Controller('api/catalogue/workbook')
export class CatalogueWorkbookController {
  constructor(
    private readonly workbook: CatalogueWorkbookService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @HasPermission(Permission.CatalogueRead)
  @ApiOperation({
    summary: 'Download the whole catalogue as one .xlsx',
    description:
      'Plans and priorities, groups, areas, indicators and targets, one sheet each, after an Instructions sheet. ' +
      'Uploading the file unchanged changes nothing.',
  })
  @ApiProduces(XLSX)
  @ApiOkResponse({
    description: 'The catalogue workbook',
    content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
  })
  async download(): Promise<StreamableFile> {
    const buffer = await this.workbook.exportWorkbook();
    return new StreamableFile(buffer, {
      type: XLSX,
      length: buffer.length,
      disposition: `attachment; filename="cypp-catalogue-${dateInEngland(this.clock.now())}.xlsx"`,
    });
  }

  @Post()
  @HttpCode(200)
  @HasPermission(Permission.CatalogueWrite)
  @UseInterceptors(CatalogueWorkbookUpload)
  @ApiOperation({
    summary: 'Upload an edited catalogue workbook',
    description:
      'Accepted whole or rejected whole. Rows are matched by code: new codes are created, known ones updated; a changed target ' +
      'gets a new version (its row needs a Change reason) and a new owning group is recorded. Nothing is deleted: what the workbook ' +
      'leaves out is listed under notInWorkbook. A rejected workbook answers 422 with every problem by sheet and cell.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'The catalogue workbook (.xlsx)' } },
    },
  })
  @ApiOkResponse({ type: CatalogueImportSummaryDto, description: 'What the upload changed' })
  @ApiResponse({ status: 413, description: 'The file is larger than the upload limit', type: ApiErrorBody })
  upload(
    @UploadedFile() file: UploadedWorkbook | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<CatalogueImportSummaryDto> {
    if (!file) {
      throw new BadRequestException({
        code: 'VALIDATION.FAILED',
        message: "Attach the catalogue workbook (.xlsx) as the multipart form field 'file'.",
        details: [{ location: 'file', message: 'a file is required' }],
      });
    }
    return this.workbook.importWorkbook(file.buffer, file.originalname, actor);
  }
}
