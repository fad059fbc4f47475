import { randomBytes } from 'node:crypto';
import { hashToken } from '../../shared/token-hash.js';
import type { Db } from '../../db/connect.js';
import { DEFAULT_WORKSPACE, type RequestContext } from '../../shared/context.js';
import { AuthenticationError, ConflictError, ValidationError } from '../../shared/errors.js';
import { HistoryRepository } from '../catalog/history-repository.js';
import { appendAudit, type AuditSink, type User } from './model.js';
import { SetupRepository } from './setup-repository.js';
import { UsersRepository } from './users-repository.js';
import type { UsersService } from './users-service.js';

export interface SetupServiceDeps {
  users: UsersService;
  audit?: AuditSink;
  repo?: SetupRepository;
  usersRepo?: UsersRepository;
  clock?: () => Date;
}

export interface IssuedSetupToken {
  /** Shown once; only its SHA-256 hash is stored. */
  token: string;
  expiresAt: string;
}

export interface SetupInput {
  email: string;
  password: string;
  displayName?: string;
}

export const INVALID_SETUP_TOKEN = 'invalid, expired or already used setup token';
const SETUP_ACTOR = 'setup';
const MAX_TOKEN_LENGTH = 256;

export const hashSetupToken = hashToken;

/**
 * First run without default credentials: while no user exists, a one-time token (printed by the
 * server or `mdl admin setup-token`) can be exchanged, once, for the first admin of `default`, who is
 * also an instance admin.
 */
export class SetupService {
  private readonly users: UsersService;
  private readonly audit: AuditSink;
  private readonly repo: SetupRepository;
  private readonly usersRepo: UsersRepository;
  private readonly clock: () => Date;

  constructor(private readonly db: Db, deps: SetupServiceDeps) {
    this.users = deps.users;
    this.audit = deps.audit ?? new HistoryRepository();
    this.repo = deps.repo ?? new SetupRepository();
    this.usersRepo = deps.usersRepo ?? new UsersRepository();
    this.clock = deps.clock ?? (() => new Date());
  }

  /** True while no user exists at all. */
  async needsSetup(): Promise<boolean> {
    return !(await this.usersRepo.anyUserExists(this.db));
  }

  /** A new random token (32 bytes, base64url) valid for `ttlMinutes`; null once any user exists. */
  async issueSetupToken(ttlMinutes = 30): Promise<IssuedSetupToken | null> {
    if (!Number.isFinite(ttlMinutes) || ttlMinutes <= 0 || ttlMinutes > 7 * 24 * 60) {
      throw new ValidationError('invalid setup token lifetime', [{ path: 'ttl_minutes', message: 'must be more than 0 and at most 10080 minutes' }]);
    }
    const token = randomBytes(32).toString('base64url');
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000).toISOString();
    const issued = await this.db.transaction().execute(async (trx) => {
      if (await this.usersRepo.anyUserExists(trx)) return false;
      await this.repo.insert(trx, { token_hash: hashSetupToken(token), created_at: now.toISOString(), expires_at: expiresAt, used_at: null });
      await appendAudit(this.audit, trx, {
        workspaceId: DEFAULT_WORKSPACE, actor: SETUP_ACTOR, action: 'setup.token_issue', entityType: 'setup_token',
        entityId: 'setup', after: { expires_at: expiresAt }, at: now.toISOString(),
      });
      return true;
    });
    return issued ? { token, expiresAt } : null;
  }

  /**
   * Creates the first user as admin of `default`, in one transaction that uses the token, burns any
   * other outstanding token, and re-checks that no user exists. A token works once.
   */
  async exchange(token: string, input: SetupInput): Promise<User> {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw new AuthenticationError(INVALID_SETUP_TOKEN);
    const tokenHash = hashSetupToken(token);
    // Cheap checks first, so an invalid token never costs a password hash.
    const row = await this.repo.find(this.db, tokenHash);
    if (!row || row.used_at !== null || row.expires_at <= this.clock().toISOString()) throw new AuthenticationError(INVALID_SETUP_TOKEN);
    if (await this.usersRepo.anyUserExists(this.db)) throw new ConflictError('setup is already complete: a user exists');

    // The first account runs the instance: admin of `default`, and an instance admin (creates workspaces).
    const prepared = await this.users.prepare({ ...input, membership: { workspaceId: DEFAULT_WORKSPACE, role: 'admin' }, instanceAdmin: true });
    const ctx: RequestContext = { workspaceId: DEFAULT_WORKSPACE, actor: SETUP_ACTOR };
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock().toISOString();
      if (!(await this.repo.consume(trx, tokenHash, now))) throw new AuthenticationError(INVALID_SETUP_TOKEN);
      await this.repo.consumeAll(trx, now);
      if (await this.usersRepo.anyUserExists(trx)) throw new ConflictError('setup is already complete: a user exists');
      const user = await this.users.insertPrepared(trx, ctx, prepared);
      await appendAudit(this.audit, trx, {
        workspaceId: DEFAULT_WORKSPACE, actor: SETUP_ACTOR, action: 'setup.complete', entityType: 'user', entityId: user.id,
        after: { email: user.email, role: 'admin' }, at: now,
      });
      return user;
    });
  }
}
