import type { Generated } from 'kysely';

/**
 * Table shapes. Definitions are stored whole as JSON text in `doc` (dialect-neutral); the scalar
 * columns beside it are copies kept for filtering, sorting and indexing. Missing scalars are stored
 * as '' so keyset pagination never meets NULL ordering differences between engines.
 */
export interface WorkspacesTable {
  id: string;
  name: string;
  catalog_meta: string | null;
  created_at: string;
  mfa_required: Generated<string>;
  /** Set when the workspace is deleted: read-only from then until it is purged (migration 0010). */
  deleted_at: Generated<string | null>;
  /** When a deleted workspace's rows are purged; NULL while it is not deleted. */
  purge_after: Generated<string | null>;
  /** `warn` (default) or `strict`: whether unresolved references are refused (migration 0013). */
  reference_policy: Generated<string>;
}

interface EntityColumns {
  id: Generated<number>;
  workspace_id: string;
  version: string;
  revision: number;
  etag: string;
  doc: string;
  created_at: string;
  updated_at: string;
}

export interface MetricsTable extends EntityColumns {
  metric_id: string;
  name: string;
  short_name: string;
  category: string;
  tier: string;
  business_domain: string;
  metric_type: string;
  status: string;
  owner_team: string;
  technical_owner: string;
  business_owner: string;
  data_classification: string;
  pii_involved: number;
  unit: string;
  search_text: string;
}

/** One row (id 1): bumped by triggers on every change that can end or narrow a credential (migration 0016). */
export interface AuthEpochTable {
  id: number;
  /** bigint: pg returns it as a string. */
  n: number | string | bigint;
}

/** Where an imported definition came from (migration 0015). */
export interface RecordProvenanceTable {
  workspace_id: string;
  entity_type: string;
  entity_id: string;
  /** The entity row the import wrote (a deleted and re-made definition is another row). */
  entity_pk: number;
  format: string;
  source: string;
  name: string;
  /** The stored document's ETag as the import last wrote or confirmed it. */
  etag: string;
  imported_at: string;
}

export interface MetricTagsTable {
  metric_pk: number;
  workspace_id: string;
  tag: string;
}

export interface DomainsTable extends EntityColumns {
  domain_id: string;
  name: string;
  owner_team: string;
}

export interface ObjectivesTable extends EntityColumns {
  objective_id: string;
  name: string;
  status: string;
  owner_team: string;
  business_domain: string;
}

export interface KeyResultsTable {
  objective_pk: number;
  workspace_id: string;
  kr_id: string;
}

/** Outgoing references of every entity, rewritten on each write; answers "who refers to X?". */
export interface EntityRefsTable {
  workspace_id: string;
  from_type: string;
  from_id: string;
  field: string;
  to_type: string;
  to_id: string;
}

export interface EntityVersionsTable {
  id: Generated<number>;
  workspace_id: string;
  entity_type: string;
  entity_id: string;
  version: string;
  revision: number;
  change_kind: string;
  bump: string | null;
  changed_fields: string;
  snapshot: string;
  actor: string;
  request_id: string | null;
  created_at: string;
}

export interface AuditEventsTable {
  id: Generated<number>;
  workspace_id: string;
  occurred_at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  request_id: string | null;
  outcome: string;
  before: string | null;
  after: string | null;
  /** Client address of the request behind the event; NULL for the CLI and for events older than migration 0006. */
  ip: Generated<string | null>;
  prev_hash: Generated<string | null>;
  hash: Generated<string | null>;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  /** `person`, or `service` (a service account: API keys only, no sign-in). */
  kind: Generated<string>;
  /** 1: an instance admin (account-level; may create workspaces when MDL_WORKSPACE_CREATION=instance-admins). */
  instance_admin: Generated<number>;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  workspace_id: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
  user_agent: string | null;
  ip: string | null;
  /** SHA-256 of the CSRF token of a cookie (browser) session; NULL for bearer sessions. */
  csrf_hash: string | null;
  /** `password`, `password+mfa`, `sso` or `sso+mfa` (migration 0008); NULL for older sessions. */
  auth_method: string | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  session_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  public_jwk: string;
  private_jwk: string;
  created_at: string;
  retired_at: string | null;
}

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface MfaTotpTable {
  user_id: string;
  secret: string;
  created_at: string;
  enabled_at: string | null;
  last_used_step: number | null;
}

export interface MfaRecoveryCodesTable {
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface MfaChallengesTable {
  token_hash: string;
  user_id: string;
  workspace_id: string;
  created_at: string;
  expires_at: string;
  attempts: Generated<number>;
  used_at: string | null;
}

export interface IdempotencyKeysTable {
  workspace_id: string;
  principal: string;
  idem_key: string;
  route: string;
  request_hash: string;
  status_code: number | null;
  response_headers: string | null;
  response_body: string | null;
  created_at: string;
  expires_at: string;
}

/** One OpenID Connect provider per workspace; `client_secret` is sealed (SecretBox), lists are JSON text. */
export interface SsoProvidersTable {
  workspace_id: string;
  issuer: string;
  client_id: string;
  client_secret: string;
  scopes: string;
  allowed_email_domains: string;
  role_claim: string | null;
  role_mappings: string;
  default_role: string | null;
  jit_provisioning: number;
  created_at: string;
  updated_at: string;
  /** JSON list of `amr` values that count as MFA (migration 0008); NULL: the provider's MFA is not counted. */
  mfa_amr: string | null;
}

/** Which user an (issuer, subject) pair is, per workspace. */
export interface SsoIdentitiesTable {
  workspace_id: string;
  issuer: string;
  subject: string;
  user_id: string;
  created_at: string;
  last_login_at: string | null;
}

/** SSO logins between the redirect to the provider and its callback: keyed by SHA-256 of `state`, single use. */
export interface SsoLoginStatesTable {
  token_hash: string;
  workspace_id: string;
  nonce: string;
  code_verifier: string;
  redirect_uri: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** `token` (the pair as JSON) or `cookie` (a browser session, then a redirect to `return_to`). */
  delivery: string;
  return_to: string | null;
}

/** Invitations to a workspace: only the token's SHA-256 is stored; pending = not accepted, not revoked, unexpired. */
export interface InvitationsTable {
  id: string;
  workspace_id: string;
  email: string;
  role: string;
  token_hash: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  expires_at: string;
  /** `email_sent`, `email_failed` or `link` (shown to the admin). */
  delivery: string;
  delivered_at: string | null;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
}

/** A login-throttle key that used up its failures, until `locked_until` (migration 0012; instance-wide). */
export interface LoginLockoutsTable {
  /** SHA-256 (hex) of the throttle key. */
  key_hash: string;
  locked_until: string;
  created_at: string;
}

/** A workspace vocabulary that was changed from its defaults (migration 0014); `closed` 1 refuses unknown values. */
export interface VocabulariesTable {
  workspace_id: string;
  vocabulary: string;
  closed: number;
  updated_at: string;
}

/** The values of a changed vocabulary, in `position` order; `value_key` is the lower-cased value (unique). */
export interface VocabularyValuesTable {
  workspace_id: string;
  vocabulary: string;
  value: string;
  value_key: string;
  position: number;
}

/** Other spellings of a vocabulary value, stored as `value`; `alias_key` is the lower-cased alias (unique). */
export interface VocabularyAliasesTable {
  workspace_id: string;
  vocabulary: string;
  alias: string;
  alias_key: string;
  value: string;
}

export interface MetricsFtsTable {
  rowid: number;
  body: string;
}

export interface Database {
  workspaces: WorkspacesTable;
  metrics: MetricsTable;
  metric_tags: MetricTagsTable;
  metrics_fts: MetricsFtsTable;
  domains: DomainsTable;
  objectives: ObjectivesTable;
  key_results: KeyResultsTable;
  entity_refs: EntityRefsTable;
  entity_versions: EntityVersionsTable;
  audit_events: AuditEventsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  signing_keys: SigningKeysTable;
  api_keys: ApiKeysTable;
  setup_tokens: SetupTokensTable;
  mfa_totp: MfaTotpTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  mfa_challenges: MfaChallengesTable;
  idempotency_keys: IdempotencyKeysTable;
  sso_providers: SsoProvidersTable;
  sso_identities: SsoIdentitiesTable;
  sso_login_states: SsoLoginStatesTable;
  invitations: InvitationsTable;
  login_lockouts: LoginLockoutsTable;
  vocabularies: VocabulariesTable;
  vocabulary_values: VocabularyValuesTable;
  vocabulary_aliases: VocabularyAliasesTable;
  record_provenance: RecordProvenanceTable;
  auth_epoch: AuthEpochTable;
}
