import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config.js';

describe(loadConfig.name, () => {
  it('uses local defaults when nothing is set', () => {
    const sut = loadConfig({});
    expect(sut.port).toBe(3000);
    expect(sut.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/cypp');
    expect(sut.corsOrigins).toEqual([]);
  });

  it('lists every wrong variable by name in one error', () => {
    const attempt = () => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', NODE_ENV: 'staging' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.join('\n')).toMatch(/PORT='abc'/);
      expect(problems.join('\n')).toMatch(/DATABASE_URL must start with postgres:/);
      expect(problems.join('\n')).toMatch(/NODE_ENV='staging'/);
    }
  });

  it('splits CORS_ORIGINS on commas', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('leaves single sign-on off when no OIDC_ variable is set', () => {
    expect(loadConfig({}).oidc).toBeNull();
  });

  it('refuses single sign-on configured by halves, naming what is missing', () => {
    expect(() => loadConfig({ OIDC_ISSUER_URL: 'https://login.example', OIDC_CLIENT_ID: 'cypp' })).toThrow(
      /missing OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL/,
    );
  });

  it('reads the four OIDC_ variables into one setting', () => {
    const sut = loadConfig({
      OIDC_ISSUER_URL: 'https://login.example',
      OIDC_CLIENT_ID: 'cypp',
      OIDC_CLIENT_SECRET: 'secret',
      OIDC_REDIRECT_URL: 'https://cypp.example/sign-in/sso/callback',
    });
    expect(sut.oidc).toEqual({
      issuerUrl: 'https://login.example',
      clientId: 'cypp',
      clientSecret: 'secret',
      redirectUrl: 'https://cypp.example/sign-in/sso/callback',
    });
  });
});
