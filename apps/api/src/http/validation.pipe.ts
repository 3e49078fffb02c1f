import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorDetail } from '../../../../libs/common/index.js';

function flatten(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const location = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ location, message }));
    return [...own, ...flatten(error.children ?? [], location)];
  });
}

/** Validates DTOs and answers one 400 listing every problem with its field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new BadRequestException({
        code: 'VALIDATION.FAILED',
        message: `The request has ${details.length} problem${details.length === 1 ? '' : 's'}: ${details.map((d) => `${d.location}: ${d.message}`).join('; ')}`,
        details,
      });
    },
  });
}
