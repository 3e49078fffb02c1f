import { applyDecorators, Controller, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { WebPages } from '../auth/auth.decorators.js';
import { CsrfGuard } from './csrf.guard.js';
import { WebExceptionFilter } from './web-exception.filter.js';

/**
 * A controller of browser pages: the session from the cookie (same permission checks as the API), the
 * CSRF check on every POST, errors as pages, and kept out of the API documentation.
 */
export const WebController = (path = ''): ClassDecorator =>
  applyDecorators(
    ApiExcludeController(),
    WebPages(),
    UseGuards(CsrfGuard),
    UseFilters(WebExceptionFilter),
    Controller(path),
  );
