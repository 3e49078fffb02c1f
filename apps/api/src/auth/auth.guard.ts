import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import {
  AccessError,
  AccessErrorCode,
  AccessService,
  actorHasPermission,
  Permission,
} from '../../../../libs/access/index.js';
import { sessionCookie } from '../web/web-session.js';
import { PUBLIC_ROUTE, REQUIRED_PERMISSIONS, WEB_PAGES } from './auth.decorators.js';

/**
 * The one guard on every route: authenticates the bearer token (a page: the session cookie), then checks
 * the route's permission.
 * Deny by default: a route that declares neither @Public nor @HasPermission is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: AccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<Request>();
    const web = this.reflector.getAllAndOverride<boolean>(WEB_PAGES, targets) ?? false;
    const token = web ? sessionCookie(request) : bearerToken(request);
    const actor = token ? await this.access.authenticate(token, request.ip) : null;
    if (!actor) throw new AccessError(AccessErrorCode.Unauthenticated);
    request.actor = actor;

    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(REQUIRED_PERMISSIONS, targets);
    if (!required || required.length === 0) throw new AccessError(AccessErrorCode.Forbidden);
    const allowed = required.every((permission) => actorHasPermission(actor, permission));
    if (!allowed) throw new AccessError(AccessErrorCode.Forbidden);
    return true;
  }
}

export function bearerToken(request: Request): string | null {
  const header = request.header('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match ? match[1] : null;
}
