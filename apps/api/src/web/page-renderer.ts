import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Actor, hasPermission, Permission } from '../../../../libs/access/index.js';
import { CatalogueService } from '../../../../libs/catalogue/index.js';
import { Clock } from '../../../../libs/common/index.js';
import { CSRF_FIELD, csrfToken } from './web-session.js';

export const SERVICE_NAME = 'CYPP Scorecard';

interface NavigationItem {
  readonly href: string;
  readonly text: string;
  readonly permission: Permission;
}

const NAVIGATION: readonly NavigationItem[] = [
  { href: '/', text: 'Home', permission: Permission.SessionUse },
  { href: '/returns', text: 'Returns', permission: Permission.ReturnsSubmit },
  { href: '/exceptions', text: 'Exceptions', permission: Permission.ExceptionsRead },
  { href: '/reports', text: 'Reports', permission: Permission.ReportsRead },
];

// The home area rarely changes; reading it once a minute keeps a page to the queries it needs.
const PARTNERSHIP_NAME_TTL_MS = 60_000;

export interface PageData {
  /** The page's own heading, used in the <title>: "Upload a return – CYPP Scorecard". */
  readonly title: string;
  /** Puts "Error: " before the title (GOV.UK pattern for a form shown again with errors). */
  readonly hasErrors?: boolean;
  readonly [key: string]: unknown;
}

/** Renders a page with what every page shows: the header, the navigation the actor may use, the CSRF token. */
@Injectable()
export class PageRenderer {
  private partnership: { name: string; readAt: number } | null = null;

  constructor(
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
  ) {}

  async render(request: Request, response: Response, view: string, data: PageData, status = 200): Promise<void> {
    const actor = request.actor;
    const path = request.path;
    const partnershipName = await this.partnershipName();
    const html = await new Promise<string>((resolve, reject) =>
      response.render(
        view,
        {
          ...data,
          pageTitle: `${data.hasErrors ? 'Error: ' : ''}${data.title} – ${SERVICE_NAME}`,
          serviceName: SERVICE_NAME,
          partnershipName,
          actor: actor ? { label: actor.label, role: actor.role } : null,
          navigation: actor ? navigationFor(actor, path) : [],
          csrfField: CSRF_FIELD,
          csrfToken: csrfToken(request, response),
          cspNonce: response.locals.cspNonce,
        },
        (error, rendered) => (error ? reject(error) : resolve(rendered)),
      ),
    );
    response.status(status).type('html').setHeader('Cache-Control', 'no-store');
    response.send(html);
  }

  private async partnershipName(): Promise<string> {
    const now = this.clock.now().getTime();
    if (!this.partnership || now - this.partnership.readAt > PARTNERSHIP_NAME_TTL_MS) {
      const home = await this.catalogue.homeArea();
      this.partnership = { name: home?.name ?? 'Children and young people’s partnership', readAt: now };
    }
    return this.partnership.name;
  }
}

function navigationFor(actor: Actor, path: string): { href: string; text: string; active: boolean }[] {
  return NAVIGATION.filter((item) => actor.kind === 'user' && hasPermission(actor.role, item.permission)).map(
    (item) => ({
      href: item.href,
      text: item.text,
      active: item.href === '/' ? path === '/' : path.startsWith(item.href),
    }),
  );
}
