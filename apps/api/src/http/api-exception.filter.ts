import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorDetail, ErrorKind } from '../../../../libs/common/index.js';
import { ApiErrorBody } from './api-error.js';

export const ERROR_STATUS: Readonly<Record<ErrorKind, number>> = {
  not_found: HttpStatus.NOT_FOUND,
  invalid: HttpStatus.UNPROCESSABLE_ENTITY,
  conflict: HttpStatus.CONFLICT,
  forbidden: HttpStatus.FORBIDDEN,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  locked: HttpStatus.LOCKED,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/** Seconds a client is told to wait before asking again while a dependency is away. */
const RETRY_AFTER_SECONDS = 30;

const HTTP_CODES: Readonly<Record<number, string>> = {
  400: 'REQUEST.INVALID',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'REQUEST.NOT_FOUND',
  405: 'REQUEST.METHOD_NOT_ALLOWED',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.TOO_MANY',
};

/** Maps every error to `{ statusCode, code, message, details?, correlationId }` and leaks no internals. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception, request.correlationId ?? 'none');
    if (exception instanceof DomainError && exception.kind === 'unavailable') {
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    if (body.statusCode >= 500) {
      this.logger.error(
        `${request.method} ${request.originalUrl} [${body.correlationId}]`,
        (exception as Error)?.stack,
      );
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, correlationId: string): ApiErrorBody {
    if (exception instanceof DomainError) {
      return withDetails(
        { statusCode: ERROR_STATUS[exception.kind], code: exception.code, message: exception.message, correlationId },
        exception.details,
      );
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse() as
        string | { message?: string | string[]; code?: string; details?: ErrorDetail[] };
      if (typeof response === 'object' && response.code) {
        return withDetails(
          { statusCode, code: response.code, message: String(response.message ?? exception.message), correlationId },
          response.details,
        );
      }
      const message = typeof response === 'string' ? response : response.message;
      return {
        statusCode,
        code: HTTP_CODES[statusCode] ?? `HTTP.${statusCode}`,
        message: Array.isArray(message) ? message.join('; ') : (message ?? exception.message),
        correlationId,
      };
    }
    return {
      statusCode: 500,
      code: 'INTERNAL',
      message: 'Something went wrong on our side. Quote the correlation id when reporting it.',
      correlationId,
    };
  }
}

function withDetails(body: ApiErrorBody, details: readonly ErrorDetail[] | undefined): ApiErrorBody {
  return details && details.length > 0 ? { ...body, details: [...details] } : body;
}
