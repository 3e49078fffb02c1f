import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '../../../../libs/access/index.js';
import { Permission } from '../../../../libs/access/index.js';

export const PUBLIC_ROUTE = Symbol('PUBLIC_ROUTE');
export const REQUIRED_PERMISSIONS = Symbol('REQUIRED_PERMISSIONS');
export const WEB_PAGES = Symbol('WEB_PAGES');

/** Reachable without signing in. Only sign-in, /health and the API docs use it. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** The permission a route needs. A route with neither this nor @Public is refused. */
export const HasPermission = (...permissions: Permission[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_PERMISSIONS, permissions);

/**
 * A controller of browser pages: the session comes from the HttpOnly cookie instead of a bearer header
 * (and only from there), with the same permission checks.
 */
export const WebPages = (): ClassDecorator => SetMetadata(WEB_PAGES, true);

declare module 'express' {
  interface Request {
    actor?: Actor;
  }
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<Request>();
  if (!request.actor) throw new Error('CurrentActor used on a route without authentication');
  return request.actor;
});
