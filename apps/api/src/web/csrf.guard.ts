import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  PayloadTooLargeException,
} from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { APP_CONFIG, type AppConfig } from '../../../../libs/config/index.js';
import { formatBytes } from '../../../../libs/spreadsheets/index.js';
import { CSRF_FIELD, csrfTokenMatches } from './web-session.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_REFUSED =
  'This form could not be checked: it may have been open too long or come from another site. Go back, reload the page and try again.';

/**
 * Every form POST on the pages carries the CSRF token; without it the request is refused (403) before
 * the handler runs. It runs after the AuthGuard, so a file upload (multipart, whose token sits in the
 * body beside the file) is read only for a signed-in user, into memory, within the configured limit.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  private readonly multipart: RequestHandler;
  private readonly maxBytes: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxBytes = config.uploadMaxBytes;
    this.multipart = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
    }).single('file');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (SAFE_METHODS.has(request.method)) return true;
    if (request.is('multipart/form-data')) await this.readMultipart(request, http.getResponse<Response>());
    if (!csrfTokenMatches(request, (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD])) {
      throw new ForbiddenException(CSRF_REFUSED);
    }
    return true;
  }

  private readMultipart(request: Request, response: Response): Promise<void> {
    return new Promise((resolve, reject) => {
      this.multipart(request, response, (error: unknown) => {
        if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') {
          reject(
            new PayloadTooLargeException(
              `The file is larger than ${formatBytes(this.maxBytes)}, the most this service takes.`,
            ),
          );
        } else if (error) reject(error);
        else resolve();
      });
    });
  }
}
