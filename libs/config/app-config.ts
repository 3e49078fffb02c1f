/**
 * The one place that reads the environment. Everything else receives an AppConfig.
 */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly port: number;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** BullMQ key prefix; tests give each suite its own so queues never leak between runs. */
  readonly queuePrefix: string;
  readonly storagePath: string;
  readonly corsOrigins: readonly string[];
  readonly uploadMaxBytes: number;
  /** Returns larger than this are checked on the returns queue (202 and a job id) instead of in the request. */
  readonly returnsAsyncThresholdBytes: number;
  /** Longest wait for any one Redis command; a Redis that accepts connections but does not answer fails within it. */
  readonly redisCommandTimeoutMs: number;
  /** How long a worker's hold on a job lasts without renewal; a crashed worker's jobs run again after it. */
  readonly jobLockMs: number;
  /** How often the worker puts back queued work that Redis lost (also once at start). */
  readonly reconcileIntervalMs: number;
  readonly sessionIdleMinutes: number;
  readonly sessionAbsoluteHours: number;
  readonly signInMaxFailures: number;
  readonly signInLockoutMinutes: number;
  readonly demoPassword: string | undefined;
  /** Where links in emails point (the web front end and API). */
  readonly publicUrl: string;
  /** SMTP server for email (smtp:// or smtps://); absent: emails are written as .eml files to the outbox. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** GOV.UK Notify instead of SMTP: an API key and the id of an email template with ((subject)) and ((body)). */
  readonly notifyApiKey: string | undefined;
  readonly notifyTemplateId: string | undefined;
  readonly notifyBaseUrl: string | undefined;
  /** Largest PDF attached to a paper-delivered email (non-confidential papers only); larger ones are linked. */
  readonly mailAttachmentMaxBytes: number;
  /** Returns reminders go this many working days before the deadline (and on the day). */
  readonly reminderWorkingDays: number;
  /** A red exception without commentary for this many working days is escalated to the executive. */
  readonly escalationWorkingDays: number;
  /** Single sign-on by OpenID Connect; null when the four OIDC_ variables are unset (password sign-in only). */
  readonly oidc: OidcConfig | null;
}

export interface OidcConfig {
  readonly issuerUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    return raw;
  }

  optional(name: string): string | undefined {
    const raw = this.env[name];
    return raw === undefined || raw === '' ? undefined : raw;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name}='${raw}' must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  url(name: string, fallback: string, protocols: readonly string[]): string {
    const value = this.string(name, fallback);
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      }
    } catch {
      this.problems.push(`${name} is not a valid URL`);
    }
    return value;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = this.string(name, fallback);
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name}='${value}' must be one of ${allowed.join(', ')}`);
      return fallback;
    }
    return value as T;
  }
}

const OIDC_VARIABLES = ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL'] as const;

/** All four or none: a half-configured single sign-on would fail only when someone tries it. */
function readOidc(read: EnvReader): OidcConfig | null {
  const given = OIDC_VARIABLES.filter((name) => read.optional(name) !== undefined);
  if (given.length === 0) return null;
  if (given.length < OIDC_VARIABLES.length) {
    const missing = OIDC_VARIABLES.filter((name) => !given.includes(name));
    read.problems.push(`single sign-on needs all of ${OIDC_VARIABLES.join(', ')}; missing ${missing.join(', ')}`);
    return null;
  }
  const issuerUrl = read.url('OIDC_ISSUER_URL', '', ['https:', 'http:']);
  if (issuerUrl.startsWith('http:') && !/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(issuerUrl)) {
    read.problems.push('OIDC_ISSUER_URL must use https:// (plain http only for a provider on localhost)');
  }
  return {
    issuerUrl,
    clientId: read.string('OIDC_CLIENT_ID', ''),
    clientSecret: read.string('OIDC_CLIENT_SECRET', ''),
    redirectUrl: read.url('OIDC_REDIRECT_URL', '', ['https:', 'http:']),
  };
}

/** Validates every variable and reports all problems at once, so a deploy fails fast and says why. */
export function loadConfig(env: Env): AppConfig {
  const read = new EnvReader(env);
  const config: AppConfig = {
    nodeEnv: read.oneOf('NODE_ENV', 'development', ['development', 'test', 'production']),
    port: read.integer('PORT', 3000, 1, 65535),
    databaseUrl: read.url('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/cypp', ['postgres:', 'postgresql:']),
    redisUrl: read.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    queuePrefix: read.string('QUEUE_PREFIX', 'cypp'),
    storagePath: read.string('STORAGE_PATH', './storage'),
    corsOrigins: (read.optional('CORS_ORIGINS') ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0),
    uploadMaxBytes: read.integer('UPLOAD_MAX_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    returnsAsyncThresholdBytes: read.integer('RETURNS_ASYNC_THRESHOLD_BYTES', 2 * 1024 * 1024, 0, 1024 * 1024 * 1024),
    redisCommandTimeoutMs: read.integer('REDIS_COMMAND_TIMEOUT_MS', 1_000, 100, 60_000),
    jobLockMs: read.integer('JOB_LOCK_MS', 30_000, 1_000, 600_000),
    reconcileIntervalMs: read.integer('RECONCILE_INTERVAL_MS', 60_000, 500, 3_600_000),
    sessionIdleMinutes: read.integer('SESSION_IDLE_MINUTES', 60, 1, 24 * 60),
    sessionAbsoluteHours: read.integer('SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    signInMaxFailures: read.integer('SIGN_IN_MAX_FAILURES', 5, 1, 100),
    signInLockoutMinutes: read.integer('SIGN_IN_LOCKOUT_MINUTES', 15, 1, 24 * 60),
    demoPassword: read.optional('DEMO_PASSWORD'),
    oidc: readOidc(read),
    publicUrl: read.url('PUBLIC_URL', 'http://localhost:3000', ['http:', 'https:']).replace(/\/+$/, ''),
    smtpUrl: read.optional('SMTP_URL') && read.url('SMTP_URL', '', ['smtp:', 'smtps:']),
    mailFrom: read.string('MAIL_FROM', 'CYPP Scorecard <scorecard@localhost>'),
    notifyApiKey: read.optional('NOTIFY_API_KEY'),
    notifyTemplateId: read.optional('NOTIFY_TEMPLATE_ID'),
    notifyBaseUrl: read.optional('NOTIFY_BASE_URL') && read.url('NOTIFY_BASE_URL', '', ['http:', 'https:']),
    mailAttachmentMaxBytes: read.integer('MAIL_ATTACHMENT_MAX_BYTES', 5 * 1024 * 1024, 0, 100 * 1024 * 1024),
    reminderWorkingDays: read.integer('REMINDER_WORKING_DAYS', 3, 1, 30),
    escalationWorkingDays: read.integer('ESCALATION_WORKING_DAYS', 5, 1, 60),
  };
  if (config.notifyApiKey && !config.notifyTemplateId) {
    read.problems.push('NOTIFY_API_KEY needs NOTIFY_TEMPLATE_ID (an email template with ((subject)) and ((body)))');
  }
  if (!/^[A-Za-z0-9_-]+$/.test(config.queuePrefix)) {
    read.problems.push('QUEUE_PREFIX may contain only letters, digits, _ and -');
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
