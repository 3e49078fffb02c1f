import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/index.js';
import { Clock, Page, PageRequest, pageOf, skipFor } from '../common/index.js';
import { APP_CONFIG, AppConfig } from '../config/index.js';
import { AccessError, AccessErrorCode } from './access.error.js';
import { Actor, Role, type TokenScope } from './actor.js';
import { decoyPasswordHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './password.js';
import { generateToken, hashToken, tokenKind } from './secret-token.js';

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  groupIds: string[];
  disabled: boolean;
  lockedUntil: string | null;
  lastSignInAt: string | null;
  createdAt: string;
}

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  groupIds?: string[];
  password: string;
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  groupIds?: string[];
  disabled?: boolean;
}

export interface Session {
  token: string;
  expiresAt: string;
  user: UserView;
}

export interface ApiTokenView {
  id: string;
  name: string;
  /** 'returns': submits its group's returns; 'scorecard': reads the scorecard and nothing else. */
  scope: TokenScope;
  /** The group a returns token submits for; null for a scorecard token. */
  groupId: string | null;
  prefix: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  group_ids: string[];
  disabled_at: Date | null;
  locked_until: Date | null;
  last_sign_in_at: Date | null;
  created_at: Date;
}

const USER_SELECT = `
  SELECT u.id, u.email, u.display_name, u.role, u.disabled_at, u.locked_until, u.last_sign_in_at, u.created_at,
         coalesce(array_agg(ug.group_id ORDER BY ug.group_id) FILTER (WHERE ug.group_id IS NOT NULL), '{}') AS group_ids
    FROM app_user u LEFT JOIN user_group ug ON ug.user_id = u.id`;

function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    groupIds: row.group_ids,
    disabled: row.disabled_at !== null,
    lockedUntil: row.locked_until?.toISOString() ?? null,
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

interface TokenRow {
  id: string;
  name: string;
  scope: TokenScope;
  group_id: string | null;
  token_prefix: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

function toTokenView(row: TokenRow): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    groupId: row.group_id,
    prefix: row.token_prefix,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

// A session's last_seen_at is written at most this often, so reads do not each cost a write.
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Users, sign-in and API tokens. Sessions are server-side: the bearer token is random and only its
 * SHA-256 is stored, so sign-out, disabling a user or changing a role takes effect at once, and there
 * is no signing secret to keep out of the repository.
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async createUser(input: NewUser, actor: Actor, tx?: EntityManager): Promise<UserView> {
    assertPasswordStrength(input.password);
    const groupIds = scopeFor(input.role, input.groupIds ?? []);
    const passwordHash = await hashPassword(input.password);
    const work = async (manager: EntityManager): Promise<UserView> => {
      const [{ id }] = await manager.query(
        `INSERT INTO app_user (email, display_name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
        [input.email.trim().toLowerCase(), input.displayName.trim(), input.role, passwordHash],
      );
      await this.setGroups(manager, id, groupIds);
      const user = await this.findUser(manager, id);
      await this.audit.record(manager, actor, { action: 'create', entityType: 'user', entityId: id, after: user });
      return user;
    };
    return tx ? work(tx) : this.inTransaction(work);
  }

  async updateUser(id: string, changes: UserChanges, actor: Actor): Promise<UserView> {
    return this.inTransaction(async (manager) => {
      const before = await this.findUser(manager, id, true);
      const role = changes.role ?? before.role;
      const groupIds = changes.groupIds ?? (changes.role && changes.role !== 'data_officer' ? [] : before.groupIds);
      scopeFor(role, groupIds);
      await manager.query(
        `UPDATE app_user SET display_name = $2, role = $3,
                disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at WHEN $4 THEN coalesce(disabled_at, now()) ELSE NULL END,
                updated_at = now()
          WHERE id = $1`,
        [id, changes.displayName?.trim() ?? before.displayName, role, changes.disabled ?? null],
      );
      await this.setGroups(manager, id, groupIds);
      // A change of role, scope or status ends the user's sessions so it takes effect at once.
      await manager.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [id]);
      const after = await this.findUser(manager, id);
      await this.audit.record(manager, actor, { action: 'update', entityType: 'user', entityId: id, before, after });
      return after;
    });
  }

  async getUser(id: string): Promise<UserView> {
    return this.findUser(this.dataSource.manager, id);
  }

  async listUsers(filter: { role?: Role; groupId?: string }, page: PageRequest): Promise<Page<UserView>> {
    const rows: (UserRow & { total: number })[] = await this.dataSource.query(
      `${USER_SELECT}
        WHERE ($1::text IS NULL OR u.role = $1)
          AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM user_group x WHERE x.user_id = u.id AND x.group_id = $2))
        GROUP BY u.id ORDER BY u.email LIMIT $3 OFFSET $4`,
      [filter.role ?? null, filter.groupId ?? null, page.pageSize, skipFor(page)],
    );
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM app_user u
        WHERE ($1::text IS NULL OR u.role = $1)
          AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM user_group x WHERE x.user_id = u.id AND x.group_id = $2))`,
      [filter.role ?? null, filter.groupId ?? null],
    );
    return pageOf(rows.map(toUserView), count, page);
  }

  /**
   * Locks the account for the configured window after repeated failures. While locked, even the
   * right password is refused, and the answer is the same as for a wrong one.
   */
  async signIn(email: string, password: string, ip: string | undefined): Promise<Session> {
    const now = this.clock.now();
    const [user]: {
      id: string;
      password_hash: string;
      failed_sign_ins: number;
      locked_until: Date | null;
      disabled_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT id, password_hash, failed_sign_ins, locked_until, disabled_at FROM app_user WHERE email = $1`,
      [email.trim().toLowerCase()],
    );
    if (!user) {
      await verifyPassword(await decoyPasswordHash(), password);
      throw new AccessError(AccessErrorCode.SignInFailed);
    }
    const locked = user.locked_until !== null && user.locked_until > now;
    const passwordOk = await verifyPassword(user.password_hash, password);
    if (locked || user.disabled_at !== null) throw new AccessError(AccessErrorCode.SignInFailed);
    if (!passwordOk) {
      await this.recordFailedSignIn(user.id, now);
      throw new AccessError(AccessErrorCode.SignInFailed);
    }
    return this.startSession(user.id, now, ip);
  }

  /**
   * Sign-in by single sign-on: the identity provider has vouched for the email address. Only users an
   * admin has created may sign in (no self-sign-up), and a disabled user is refused as with a password.
   */
  async signInWithVerifiedEmail(email: string, ip: string | undefined): Promise<Session> {
    const [user]: { id: string; disabled_at: Date | null }[] = await this.dataSource.query(
      `SELECT id, disabled_at FROM app_user WHERE email = $1`,
      [email.trim().toLowerCase()],
    );
    if (!user || user.disabled_at !== null) throw new AccessError(AccessErrorCode.SignInFailed);
    return this.startSession(user.id, this.clock.now(), ip);
  }

  private async startSession(userId: string, now: Date, ip: string | undefined): Promise<Session> {
    const token = generateToken('session');
    const expiresAt = new Date(now.getTime() + this.config.sessionAbsoluteHours * 3_600_000);
    await this.inTransaction(async (manager) => {
      await manager.query(
        `UPDATE app_user SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = $2 WHERE id = $1`,
        [userId, now],
      );
      await manager.query(
        `INSERT INTO user_session (user_id, token_hash, ip, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)`,
        [userId, hashToken(token), ip ?? null, now, expiresAt],
      );
    });
    return { token, expiresAt: expiresAt.toISOString(), user: await this.getUser(userId) };
  }

  async signOut(token: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE user_session SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`,
      [hashToken(token)],
    );
  }

  /** Resolves a bearer token (a session or an API token) to the actor it stands for, or null. */
  async authenticate(token: string, ip: string | undefined): Promise<Actor | null> {
    switch (tokenKind(token)) {
      case 'session':
        return this.authenticateSession(token, ip);
      case 'api':
        return this.authenticateApiToken(token, ip);
      default:
        return null;
    }
  }

  async createApiToken(
    name: string,
    groupId: string | null,
    actor: Actor,
    scope: TokenScope = 'returns',
  ): Promise<{ token: string; apiToken: ApiTokenView }> {
    if ((scope === 'returns') !== (groupId !== null)) {
      throw new AccessError(
        AccessErrorCode.InvalidScope,
        scope === 'returns'
          ? 'A returns token needs the group it submits returns for.'
          : 'A scorecard token reads the whole scorecard: give it no group.',
      );
    }
    const token = generateToken('api');
    return this.inTransaction(async (manager) => {
      const [row]: TokenRow[] = await manager.query(
        `INSERT INTO api_token (name, scope, group_id, token_hash, token_prefix, created_by) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, name, scope, group_id, token_prefix, created_by, created_at, last_used_at, revoked_at`,
        [name.trim(), scope, groupId, hashToken(token), token.slice(0, 13), actor.label],
      );
      const apiToken = toTokenView(row);
      await this.audit.record(manager, actor, {
        action: 'create',
        entityType: 'api_token',
        entityId: row.id,
        after: apiToken,
      });
      return { token, apiToken };
    });
  }

  async revokeApiToken(id: string, actor: Actor): Promise<ApiTokenView> {
    return this.inTransaction(async (manager) => {
      const [before]: TokenRow[] = await manager.query(`SELECT * FROM api_token WHERE id = $1 FOR UPDATE`, [id]);
      if (!before) throw new AccessError(AccessErrorCode.TokenNotFound, `No API token '${id}' exists.`);
      if (before.revoked_at) return toTokenView(before);
      const [[after]]: [TokenRow[]] = await manager.query(
        `UPDATE api_token SET revoked_at = now() WHERE id = $1 RETURNING *`,
        [id],
      );
      await this.audit.record(manager, actor, {
        action: 'revoke',
        entityType: 'api_token',
        entityId: id,
        before: toTokenView(before),
        after: toTokenView(after),
      });
      return toTokenView(after);
    });
  }

  async listApiTokens(filter: { groupId?: string }, page: PageRequest): Promise<Page<ApiTokenView>> {
    const rows: TokenRow[] = await this.dataSource.query(
      `SELECT * FROM api_token WHERE ($1::uuid IS NULL OR group_id = $1) ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [filter.groupId ?? null, page.pageSize, skipFor(page)],
    );
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM api_token WHERE ($1::uuid IS NULL OR group_id = $1)`,
      [filter.groupId ?? null],
    );
    return pageOf(rows.map(toTokenView), count, page);
  }

  private async authenticateSession(token: string, ip: string | undefined): Promise<Actor | null> {
    const now = this.clock.now();
    const [session]: (UserRow & { session_id: string; last_seen_at: Date; expires_at: Date })[] =
      await this.dataSource.query(
        `SELECT s.id AS session_id, s.last_seen_at, s.expires_at, u.id, u.email, u.role, u.disabled_at,
              coalesce((SELECT array_agg(group_id) FROM user_group WHERE user_id = u.id), '{}') AS group_ids
         FROM user_session s JOIN app_user u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL`,
        [hashToken(token)],
      );
    if (!session || session.disabled_at) return null;
    const idleLimit = new Date(session.last_seen_at.getTime() + this.config.sessionIdleMinutes * 60_000);
    if (now >= session.expires_at || now >= idleLimit) return null;
    if (now.getTime() - session.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
      await this.dataSource.query(`UPDATE user_session SET last_seen_at = $2 WHERE id = $1`, [session.session_id, now]);
    }
    return { kind: 'user', id: session.id, label: session.email, role: session.role, groupIds: session.group_ids, ip };
  }

  private async authenticateApiToken(token: string, ip: string | undefined): Promise<Actor | null> {
    // Like a session's last_seen_at, last use is written at most once a TOUCH_INTERVAL_MS, so a BI tool
    // polling the scorecard does not cost a write per request.
    const now = this.clock.now();
    const [row]: { id: string; name: string; scope: TokenScope; group_id: string | null }[] =
      await this.dataSource.query(
        `WITH found AS (SELECT id, name, scope, group_id, last_used_at FROM api_token WHERE token_hash = $1 AND revoked_at IS NULL),
       touched AS (UPDATE api_token t SET last_used_at = $2 FROM found
                    WHERE t.id = found.id AND (found.last_used_at IS NULL OR found.last_used_at < $3))
       SELECT id, name, scope, group_id FROM found`,
        [hashToken(token), now, new Date(now.getTime() - TOUCH_INTERVAL_MS)],
      );
    if (!row) return null;
    // A returns token acts as a data officer of its one group; a scorecard token may only read the
    // scorecard (SCORECARD_TOKEN_PERMISSIONS). Neither can ever do more than a data officer.
    return {
      kind: 'token',
      id: row.id,
      label: `token:${row.name}`,
      role: row.scope === 'scorecard' ? 'viewer' : 'data_officer',
      groupIds: row.group_id ? [row.group_id] : [],
      tokenScope: row.scope,
      ip,
    };
  }

  private async recordFailedSignIn(userId: string, now: Date): Promise<void> {
    const lockUntil = new Date(now.getTime() + this.config.signInLockoutMinutes * 60_000);
    // After a lock expires the counter starts again, so one more mistake does not re-lock at once.
    await this.dataSource.query(
      `UPDATE app_user
          SET failed_sign_ins = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_sign_ins + 1 END,
              locked_until = CASE
                WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_sign_ins + 1 END) >= $3 THEN $4
                WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN NULL
                ELSE locked_until END
        WHERE id = $1`,
      [userId, now, this.config.signInMaxFailures, lockUntil],
    );
  }

  private async setGroups(manager: EntityManager, userId: string, groupIds: readonly string[]): Promise<void> {
    await manager.query(`DELETE FROM user_group WHERE user_id = $1`, [userId]);
    if (groupIds.length > 0) {
      await manager.query(`INSERT INTO user_group (user_id, group_id) SELECT $1, unnest($2::uuid[])`, [
        userId,
        groupIds,
      ]);
    }
  }

  private async findUser(manager: EntityManager, id: string, lock = false): Promise<UserView> {
    if (lock) await manager.query(`SELECT id FROM app_user WHERE id = $1 FOR UPDATE`, [id]);
    const [row]: UserRow[] = await manager.query(`${USER_SELECT} WHERE u.id = $1 GROUP BY u.id`, [id]);
    if (!row) throw new AccessError(AccessErrorCode.UserNotFound, `No user '${id}' exists.`);
    return toUserView(row);
  }

  private async inTransaction<R>(work: (manager: EntityManager) => Promise<R>): Promise<R> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (error instanceof QueryFailedError) {
        const driverError = error.driverError as { code?: string; constraint?: string };
        if (driverError.code === '23505' && driverError.constraint === 'app_user_email_key') {
          throw new AccessError(AccessErrorCode.DuplicateEmail, 'A user with this email already exists.');
        }
        if (driverError.code === '23503') {
          throw new AccessError(AccessErrorCode.InvalidScope, 'One of the groups does not exist.');
        }
      }
      throw error;
    }
  }
}

export function assertPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AccessError(AccessErrorCode.WeakPassword, `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
}

/** Data officers act for one or more groups; other roles are not scoped to groups. */
function scopeFor(role: Role, groupIds: readonly string[]): string[] {
  if (role === 'data_officer' && groupIds.length === 0) {
    throw new AccessError(AccessErrorCode.InvalidScope, 'A data officer must act for at least one group.');
  }
  if (role !== 'data_officer' && groupIds.length > 0) {
    throw new AccessError(
      AccessErrorCode.InvalidScope,
      `Only data officers are scoped to groups, not the ${role} role.`,
    );
  }
  return [...new Set(groupIds)];
}
