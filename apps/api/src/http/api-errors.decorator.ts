import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ApiErrorBody } from './api-error.js';

/** Documents the shared error body on every protected route. */
export const ApiErrors = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    ApiResponse({ status: 400, description: 'Invalid request: every problem is listed', type: ApiErrorBody }),
    ApiResponse({ status: 401, description: 'Not signed in', type: ApiErrorBody }),
    ApiResponse({ status: 403, description: 'Your role or group may not do this', type: ApiErrorBody }),
    ApiResponse({ status: 404, description: 'Not found', type: ApiErrorBody }),
    ApiResponse({ status: 422, description: 'Breaks a business rule', type: ApiErrorBody }),
  );
