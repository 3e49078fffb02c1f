import { Module } from '@nestjs/common';
import { AccessModule } from '../../../../libs/access/index.js';
import { CatalogueModule } from '../../../../libs/catalogue/index.js';
import { ExceptionsModule } from '../../../../libs/exceptions/index.js';
import { ReportsModule } from '../../../../libs/reports/index.js';
import { ReturnsModule } from '../../../../libs/returns/index.js';
import { CsrfGuard } from './csrf.guard.js';
import { OidcService } from './oidc.service.js';
import { PageRenderer } from './page-renderer.js';
import { ExceptionsPagesController } from './exceptions-pages.controller.js';
import { HomeController } from './home.controller.js';
import { PapersController } from './papers.controller.js';
import { ReturnsPagesController } from './returns-pages.controller.js';
import { SignInController } from './sign-in.controller.js';
import { WebExceptionFilter } from './web-exception.filter.js';

/** The browser pages: the same services and permission checks as the API, rendered with GOV.UK Frontend. */
@Module({
  imports: [AccessModule, CatalogueModule, ReturnsModule, ExceptionsModule, ReportsModule],
  controllers: [SignInController, HomeController, PapersController, ReturnsPagesController, ExceptionsPagesController],
  providers: [PageRenderer, OidcService, CsrfGuard, WebExceptionFilter],
})
export class WebModule {}
