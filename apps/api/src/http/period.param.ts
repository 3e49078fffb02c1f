import { BadRequestException } from '@nestjs/common';
import { parsePeriod, Period } from '../../../../libs/periods/index.js';

/** Parses a period label from a request, answering 400 with the parser's plain-English message. */
export function requirePeriod(label: string, field: string): Period {
  const result = parsePeriod(label);
  if (!result.ok) {
    throw new BadRequestException({
      code: 'VALIDATION.FAILED',
      message: `${field}: ${result.message}`,
      details: [{ location: field, message: result.message }],
    });
  }
  return result.period;
}
