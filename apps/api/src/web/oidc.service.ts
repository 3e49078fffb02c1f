import { Inject, Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import { APP_CONFIG, type AppConfig, type OidcConfig } from '../../../../libs/config/index.js';

/** What the browser keeps (HttpOnly cookie, ten minutes) between leaving for the provider and coming back. */
export interface OidcAttempt {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly next: string;
}

export class OidcSignInError extends Error {}

/**
 * Single sign-on by OpenID Connect with the council's identity provider: authorisation code flow with
 * PKCE (S256), state and nonce, all checked by openid-client. The provider only vouches for an email
 * address; who may do what stays in this platform.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('Oidc');
  private readonly settings: OidcConfig | null;
  private configuration: Promise<client.Configuration> | null = null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.settings = config.oidc;
  }

  get enabled(): boolean {
    return this.settings !== null;
  }

  async begin(next: string): Promise<{ url: URL; attempt: OidcAttempt }> {
    const attempt: OidcAttempt = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      next,
    };
    const url = client.buildAuthorizationUrl(await this.discover(), {
      redirect_uri: this.require().redirectUrl,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(attempt.codeVerifier),
      code_challenge_method: 'S256',
      state: attempt.state,
      nonce: attempt.nonce,
    });
    return { url, attempt };
  }

  /** The verified email address the provider vouches for, from the ID token or else the userinfo endpoint. */
  async complete(query: string, attempt: OidcAttempt): Promise<string> {
    const configuration = await this.discover();
    const callback = new URL(this.require().redirectUrl);
    callback.search = query;
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: attempt.codeVerifier,
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new OidcSignInError('The identity provider sent no ID token.');
      claims = idToken;
      if (typeof idToken.email !== 'string') {
        claims = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
      }
    } catch (error) {
      if (error instanceof OidcSignInError) throw error;
      this.logger.warn(`Single sign-on failed: ${(error as Error).message}`);
      throw new OidcSignInError('The identity provider’s answer could not be checked.');
    }
    if (typeof claims.email !== 'string' || claims.email_verified !== true) {
      throw new OidcSignInError('The identity provider did not confirm an email address for your account.');
    }
    return claims.email;
  }

  private require(): OidcConfig {
    if (!this.settings) throw new OidcSignInError('Single sign-on is not set up for this service.');
    return this.settings;
  }

  private discover(): Promise<client.Configuration> {
    const settings = this.require();
    this.configuration ??= client
      .discovery(
        new URL(settings.issuerUrl),
        settings.clientId,
        settings.clientSecret,
        undefined,
        // Plain http is allowed by the configuration only for a provider on localhost (development, tests).
        settings.issuerUrl.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.configuration = null;
        this.logger.warn(`The identity provider could not be reached: ${(error as Error).message}`);
        throw new OidcSignInError('The identity provider could not be reached. Try again, or sign in with a password.');
      });
    return this.configuration;
  }
}
