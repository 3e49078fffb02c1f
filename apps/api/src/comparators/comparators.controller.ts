import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Put,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor, Permission } from '../../../../libs/access/index.js';
import {
  ComparatorsError,
  ComparatorsErrorCode,
  ComparatorsService,
  type ImportOutcome,
} from '../../../../libs/comparators/index.js';
import { CurrentActor, HasPermission } from '../auth/auth.decorators.js';
import { ApiErrors } from '../http/api-errors.decorator.js';
import { ComparatorFileDto, ComparatorValuesQueryDto, DfeMappingDto, FingertipsMappingDto } from './comparators.dto.js';

interface UploadedCsv {
  readonly buffer: Buffer;
  readonly originalname: string;
}

@ApiTags('comparators')
@ApiBearerAuth()
@ApiErrors()
@Controller('api/comparators')
export class ComparatorsController {
  constructor(private readonly comparators: ComparatorsService) {}

  @Get('mappings')
  @HasPermission(Permission.ValuesRead)
  @ApiOperation({ summary: 'Which Fingertips indicator or DfE measure each indicator takes its comparators from' })
  mappings() {
    return this.comparators.mappings();
  }

  @Put('mappings/fingertips')
  @HttpCode(HttpStatus.OK)
  @HasPermission(Permission.ComparatorsImport)
  @ApiOperation({ summary: 'Map an indicator to a Fingertips indicator id (and optionally its sex and age)' })
  mapFingertips(@Body() body: FingertipsMappingDto, @CurrentActor() actor: Actor) {
    const { indicator, ...mapping } = body;
    return this.comparators.setFingertipsMapping(indicator, mapping, actor);
  }

  @Put('mappings/dfe')
  @HttpCode(HttpStatus.OK)
  @HasPermission(Permission.ComparatorsImport)
  @ApiOperation({ summary: 'Map an indicator to a DfE EES measure column and the filter values that pick its rows' })
  mapDfe(@Body() body: DfeMappingDto, @CurrentActor() actor: Actor) {
    const { indicator, ...mapping } = body;
    return this.comparators.setDfeMapping(indicator, mapping, actor);
  }

  @Post('fingertips')
  @HasPermission(Permission.ComparatorsImport)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ComparatorFileDto })
  @ApiOperation({
    summary: 'Import a Fingertips CSV export: all or nothing; the same file again changes nothing (200)',
  })
  async importFingertips(
    @UploadedFile() file: UploadedCsv | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.respond(
      await this.comparators.importFingertips(required(file).buffer, required(file).originalname, actor),
      response,
    );
  }

  @Post('dfe')
  @HasPermission(Permission.ComparatorsImport)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ComparatorFileDto })
  @ApiOperation({
    summary:
      'Import a DfE Explore Education Statistics tidy CSV: all or nothing; the same file again changes nothing (200)',
  })
  async importDfe(
    @UploadedFile() file: UploadedCsv | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.respond(
      await this.comparators.importDfe(required(file).buffer, required(file).originalname, actor),
      response,
    );
  }

  @Get('imports')
  @HasPermission(Permission.ValuesRead)
  @ApiOperation({ summary: 'Comparator files imported, newest first' })
  imports(@CurrentActor() actor: Actor) {
    return this.comparators.imports(actor);
  }

  @Get('values')
  @HasPermission(Permission.ValuesRead)
  @ApiOperation({ summary: 'Comparator values with confidence limits, count, denominator and notes (at most 10,000)' })
  values(@Query() query: ComparatorValuesQueryDto) {
    return this.comparators.values(query);
  }

  private respond(outcome: ImportOutcome, response: Response): ImportOutcome {
    response.status(outcome.outcome === 'imported' ? HttpStatus.CREATED : HttpStatus.OK);
    return outcome;
  }
}

function required(file: UploadedCsv | undefined): UploadedCsv {
  if (!file) throw new ComparatorsError(ComparatorsErrorCode.Rejected, "Attach the CSV file as the form field 'file'.");
  return file;
}
