import { Body, Get, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AccessError, AccessService, type Session, Permission } from '../../../../libs/access/index.js';
import { HasPermission, Public } from '../auth/auth.decorators.js';
import { OidcService, OidcSignInError, type OidcAttempt } from './oidc.service.js';
import { PageRenderer } from './page-renderer.js';
import { WebController } from './web-controller.decorator.js';
import { FormErrors } from './web-forms.js';
import { cookieOptions, PRE_SESSION_COOKIE, SESSION_COOKIE, sessionCookie } from './web-session.js';

const OIDC_COOKIE = 'cypp_oidc';
const OIDC_COOKIE_PATH = '/sign-in/sso';
const OIDC_ATTEMPT_MS = 10 * 60_000;

/** Only a path on this service: never `//elsewhere` or an absolute address (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}

@WebController()
export class SignInController {
  constructor(
    private readonly access: AccessService,
    private readonly oidc: OidcService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('sign-in')
  @Public()
  async page(@Req() request: Request, @Res() response: Response, @Query('next') next?: string): Promise<void> {
    const token = sessionCookie(request);
    if (token && (await this.access.authenticate(token, request.ip))) return response.redirect(303, safeNext(next));
    await this.renderSignIn(request, response, { next: safeNext(next), errors: new FormErrors() });
  }

  @Post('sign-in')
  @Public()
  // Per IP, as the API's sign-in, on top of the per-account lockout.
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  async signIn(
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const errors = new FormErrors();
    if (!email) errors.add('email', 'Enter your email address');
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      errors.add('email', 'Enter an email address in the correct format, like name@council.gov.uk');
    }
    if (!password) errors.add('password', 'Enter your password');
    if (errors.any()) {
      return this.renderSignIn(request, response, { next, email, errors }, HttpStatus.UNPROCESSABLE_ENTITY);
    }
    try {
      this.startBrowserSession(request, response, await this.access.signIn(email, password, request.ip));
    } catch (error) {
      if (!(error instanceof AccessError)) throw error;
      errors.add('email', error.message);
      return this.renderSignIn(request, response, { next, email, errors }, HttpStatus.UNAUTHORIZED);
    }
    response.redirect(303, next);
  }

  @Post('sign-out')
  @HasPermission(Permission.SessionUse)
  async signOut(@Req() request: Request, @Res() response: Response): Promise<void> {
    const token = sessionCookie(request);
    if (token) await this.access.signOut(token);
    response.clearCookie(SESSION_COOKIE, cookieOptions(request));
    response.redirect(303, '/sign-in?signedOut=1');
  }

  @Get('sign-in/sso')
  @Public()
  async startSso(@Req() request: Request, @Res() response: Response, @Query('next') next?: string): Promise<void> {
    try {
      const { url, attempt } = await this.oidc.begin(safeNext(next));
      response.cookie(OIDC_COOKIE, Buffer.from(JSON.stringify(attempt)).toString('base64url'), {
        ...cookieOptions(request, OIDC_ATTEMPT_MS),
        path: OIDC_COOKIE_PATH,
      });
      response.redirect(303, url.href);
    } catch (error) {
      if (!(error instanceof OidcSignInError)) throw error;
      await this.renderSsoFailure(request, response, error.message);
    }
  }

  @Get('sign-in/sso/callback')
  @Public()
  async finishSso(@Req() request: Request, @Res() response: Response): Promise<void> {
    const attempt = readAttempt(request.cookies?.[OIDC_COOKIE]);
    response.clearCookie(OIDC_COOKIE, { ...cookieOptions(request), path: OIDC_COOKIE_PATH });
    try {
      if (!attempt) throw new OidcSignInError('The sign-in took too long or was started in another browser.');
      const query = request.originalUrl.includes('?')
        ? request.originalUrl.slice(request.originalUrl.indexOf('?'))
        : '';
      const email = await this.oidc.complete(query, attempt);
      const session = await this.access.signInWithVerifiedEmail(email, request.ip).catch((error: unknown) => {
        if (error instanceof AccessError) {
          throw new OidcSignInError(
            `There is no active account for ${email} here. Ask your performance team to add you.`,
          );
        }
        throw error;
      });
      this.startBrowserSession(request, response, session);
      response.redirect(303, attempt.next);
    } catch (error) {
      if (!(error instanceof OidcSignInError)) throw error;
      await this.renderSsoFailure(request, response, error.message);
    }
  }

  private startBrowserSession(request: Request, response: Response, session: Session): void {
    const maxAge = new Date(session.expiresAt).getTime() - Date.now();
    response.cookie(SESSION_COOKIE, session.token, cookieOptions(request, maxAge));
    response.clearCookie(PRE_SESSION_COOKIE, cookieOptions(request));
  }

  private renderSsoFailure(request: Request, response: Response, message: string): Promise<void> {
    const errors = new FormErrors();
    errors.add('sso', `Single sign-on did not work: ${message}`);
    return this.renderSignIn(request, response, { next: '/', errors }, HttpStatus.UNAUTHORIZED);
  }

  private renderSignIn(
    request: Request,
    response: Response,
    form: { next: string; email?: string; errors: FormErrors },
    status: number = HttpStatus.OK,
  ): Promise<void> {
    return this.pages.render(
      request,
      response,
      'sign-in.njk',
      {
        title: 'Sign in',
        hasErrors: form.errors.any(),
        errorList: form.errors.summary(),
        fieldErrors: form.errors.byField(),
        email: form.email ?? '',
        next: form.next,
        ssoEnabled: this.oidc.enabled,
        signedOut: request.query.signedOut === '1',
      },
      status,
    );
  }
}

function readAttempt(cookie: string | undefined): OidcAttempt | null {
  if (!cookie) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')) as Partial<OidcAttempt>;
    if ([parsed.state, parsed.nonce, parsed.codeVerifier, parsed.next].every((v) => typeof v === 'string')) {
      return { ...(parsed as OidcAttempt), next: safeNext(parsed.next) };
    }
  } catch {
    // A cookie that does not parse is treated as no attempt at all.
  }
  return null;
}
