import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../../../libs/common/index.js';
import { ERROR_STATUS } from '../http/api-exception.filter.js';
import { PageRenderer } from './page-renderer.js';

const TITLES: Readonly<Record<number, string>> = {
  403: 'You do not have access to this page',
  404: 'Page not found',
  413: 'The file is too large',
  500: 'Sorry, there is a problem with the service',
};

/**
 * Errors on the pages as pages: signed out → the sign-in page (and back afterwards), refused → a 403
 * page that shows nothing of what was asked for, anything unexpected → a 500 page with the correlation id.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Web');

  constructor(private readonly pages: PageRenderer) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const status = statusOf(exception);
    if (status === HttpStatus.UNAUTHORIZED) {
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.originalUrl)}` : '';
      response.redirect(303, `/sign-in${next}`);
      return;
    }
    if (status >= 500) {
      this.logger.error(
        `${request.method} ${request.originalUrl} [${request.correlationId}]`,
        (exception as Error)?.stack,
      );
    }
    const message =
      status >= 500
        ? 'Try again later. If it keeps happening, tell your performance team and quote the reference below.'
        : exception instanceof Error
          ? exception.message
          : String(exception);
    try {
      await this.pages.render(
        request,
        response,
        'error.njk',
        { title: TITLES[status] ?? 'There is a problem', message, status, correlationId: request.correlationId },
        status,
      );
    } catch (error) {
      this.logger.error('The error page could not be rendered', (error as Error).stack);
      if (!response.headersSent) response.status(status).type('text').send(message);
    }
  }
}

function statusOf(exception: unknown): number {
  if (exception instanceof DomainError) return ERROR_STATUS[exception.kind];
  if (exception instanceof HttpException) return exception.getStatus();
  return HttpStatus.INTERNAL_SERVER_ERROR;
}
