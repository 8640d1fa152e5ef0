// The ports the use cases depend on. Adapters in graph/, store/ and teams/ implement them.
import type { LicenceFacts } from '../../domain/capabilities';
import type { IssuerFacts, MethodFact, TapFact, TapPolicyFacts, TargetFacts, UserFact } from '../../domain/facts';
import type { IssuedPass, PassSpec, RequestStatus, TapRequest } from '../../domain/request-types';
import type { DiagnosisFacts, Symptom } from '../../domain/diagnosis/facts';
import type { FaceCheckResult } from '../../domain/face-check';
import type { Problem } from './errors';
import type { RequestView } from './request-view';

/** A stored value and the opaque version (ETag) it was read at. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

/** Raised by stores: `exists` on a create-only insert of a taken key, `stale` on a compare-and-swap miss. */
export class StoreConflictError extends Error {
  constructor(
    readonly kind: 'exists' | 'stale',
    readonly key: string,
  ) {
    super(kind === 'exists' ? `${key} already exists` : `${key} changed since it was read`);
    this.name = 'StoreConflictError';
  }
}

/** Raised by stores when the backing service cannot be reached or fails. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export interface RequestStore {
  /** Create-only: StoreConflictError('exists') when the id is taken. */
  create(request: TapRequest): Promise<Versioned<TapRequest>>;
  get(id: string): Promise<Versioned<TapRequest> | null>;
  /** Compare-and-swap on `etag`: StoreConflictError('stale') when the stored version moved on. */
  replace(request: TapRequest, etag: string): Promise<Versioned<TapRequest>>;
  listByStatus(statuses: readonly RequestStatus[]): Promise<Versioned<TapRequest>[]>;
  /** Issued requests whose pass hand-over is still open and due by `now` (ISO), oldest first. */
  listHandoversDue(now: string): Promise<Versioned<TapRequest>[]>;
  /**
   * Requests where the user is requester or target, newest first: those created at or after `since`,
   * at most `limit`. For reading only (no ETags): a change goes through get and replace.
   */
  listByUser(userId: string, options?: { since?: string; limit?: number }): Promise<TapRequest[]>;
}

export interface AuditEntry {
  /** Unique, sortable by time (the store may make it). */
  at: string;
  /** e.g. `request.filed`, `request.refused`, `request.approved`, `pass.issued`, `pass.revoked`, `channel.refused`. */
  action: string;
  actor: { id: string; displayName?: string } | null;
  targetUserId: string | null;
  requestId: string | null;
  /** Outcome code: `ok` or a coded error such as `issuer.role-too-low`. */
  outcome: string;
  /** Small, flat, pass-free details: verification method, role, scope, reason. */
  details: Record<string, string | number | boolean | null>;
}

export interface AuditLog {
  /** Append-only. */
  append(entry: AuditEntry): Promise<void>;
  listByRequest(requestId: string): Promise<AuditEntry[]>;
  listByUser(userId: string): Promise<AuditEntry[]>;
  /** Entries with from <= at < to, oldest first. */
  listRange(from: string, to: string): Promise<AuditEntry[]>;
}

/** Monotonic counters (request numbers), safe across instances. */
export interface CounterStore {
  next(name: string): Promise<number>;
}

/**
 * Small keyed records with compare-and-swap: conversation references for proactive messages,
 * the approvals channel, card activity ids to update, rate-limit windows.
 */
export interface KeyValueStore {
  get<T>(partition: string, key: string): Promise<Versioned<T> | null>;
  /** Create-only when etag is omitted (StoreConflictError('exists')), else compare-and-swap. */
  put<T>(partition: string, key: string, value: T, etag?: string): Promise<Versioned<T>>;
  /** Unconditional upsert, for values where the last writer may win (conversation references). */
  upsert<T>(partition: string, key: string, value: T): Promise<Versioned<T>>;
  list<T>(partition: string): Promise<{ key: string; value: Versioned<T> }[]>;
  delete(partition: string, key: string, etag?: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface Stores {
  requests: RequestStore;
  audit: AuditLog;
  counters: CounterStore;
  kv: KeyValueStore;
  /** Resolves when the backing service answers; used by /readyz. */
  ping(): Promise<void>;
}

// ---- Microsoft Graph, as the use cases see it -------------------------------------------------

/** The facts one decision needs, gathered in one Graph `$batch`. */
export interface DecisionFacts {
  /** Null when the target does not exist. */
  target: TargetFacts | null;
  /** The person acting (approver, or requester when filing), when asked for. */
  actor: IssuerFacts | null;
  policy: TapPolicyFacts;
}

/** The one object that holds a pass value. It lives from Graph's 201 to the one reply that shows it. */
export interface CreatedPass extends IssuedPass {
  readonly value: string;
}

export type DirectoryErrorKind =
  | 'not-found'
  | 'refused' // Graph answered 400/403 for this target (policy, guest, restricted AU...)
  | 'permission' // the bot's own Graph permission is missing
  | 'throttled' // 429 still after the bounded retries
  | 'unavailable' // 5xx or network before anything was written
  | 'ambiguous'; // a write whose outcome is unknown (5xx/timeout/dropped after sending)

/** What the person told the guided check. */
export interface DiagnosisContext {
  symptom: Symptom;
  reaching: string | null;
  reportedCode: number | null;
}

export class DirectoryError extends Error {
  constructor(
    readonly kind: DirectoryErrorKind,
    /** Graph's error code, e.g. `Authorization_RequestDenied`, `badRequest`. */
    readonly graphCode: string | null,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options);
    this.name = 'DirectoryError';
    this.status = options?.status ?? null;
  }

  /** Graph's HTTP status when it answered (403 on a delegated create is Entra refusing the approver). */
  readonly status: number | null;
}

/** The TAP writes, as the app (application mode) or as the approver (delegated mode). */
export type PassWriter = Pick<Directory, 'createPass' | 'listPasses' | 'deletePass' | 'revokeSignInSessions'>;

/**
 * Delegated issuance: the Graph writes acting as one approver, with a token obtained on their behalf
 * (Teams SSO + on-behalf-of). Held per instance, only within the token's life; losing it costs the
 * approver one more sign-in prompt, never a wrong pass.
 */
export interface ApproverWriter extends PassWriter {
  readonly approverId: string;
  /** Drops the approver's token (Graph refused it): the next click asks for a sign-in. */
  forget(): void;
}

export type ExchangeOutcome =
  | { ok: true; expiresAt: number }
  /** AADSTS65001: nobody granted the app the delegated scope. */
  | { ok: false; reason: 'consent' }
  /** interaction_required (MFA, step-up, a changed password, a Conditional Access requirement). */
  | { ok: false; reason: 'interaction' }
  /** Entra refused the assertion (expired, revoked, wrong audience), or did not answer. */
  | { ok: false; reason: 'refused' | 'unavailable' };

/** Delegated issuance: approvers' Graph tokens, obtained on their behalf from a validated SSO token. */
export interface ApproverSessions {
  writerFor(approverId: string): ApproverWriter | null;
  exchange(approverId: string, ssoToken: string): Promise<ExchangeOutcome>;
  /** Holds a delegated Graph token the Bot Framework token service gave for this person (the sign-in page's fallback). */
  adopt(approverId: string, graphToken: string, expiresAt: number): void;
}

export interface Directory {
  decisionFacts(input: { targetId: string; actorId?: string }): Promise<DecisionFacts>;
  /** Sign-in facts for "why can't I sign in?", in one round trip; null when the person does not exist. */
  diagnosisFacts(targetId: string, context: DiagnosisContext): Promise<DiagnosisFacts | null>;
  /** The acting person's roles and groups only (help-desk checks). */
  actorFacts(actorId: string): Promise<IssuerFacts>;
  /** The TAP policy (may be cached for a few minutes). */
  tapPolicy(): Promise<TapPolicyFacts>;
  /** Exact UPN/mail/id match first, then people whose name or UPN starts with the text. */
  findUsers(query: string, limit: number): Promise<UserFact[]>;
  createPass(targetId: string, spec: PassSpec): Promise<CreatedPass>;
  listPasses(targetId: string): Promise<TapFact[]>;
  deletePass(targetId: string, passId: string): Promise<void>;
  /** The person's sign-in methods (createdDateTime where Graph gives it) and their pass among them: has the pass done its job? */
  signInMethods(userId: string): Promise<{ methods: MethodFact[]; tap: TapFact | null }>;
  /** Ends a person's sign-in sessions (revokeSignInSessions). */
  revokeSignInSessions(userId: string): Promise<void>;
  /** The tenant's Entra ID licences (P1, P2; null where Graph could not tell). May be cached. */
  licences(): Promise<LicenceFacts>;
  /** The Graph application permissions TAP Desk's token holds. */
  grantedPermissions(): Promise<string[]>;
}

// ---- Microsoft Entra Verified ID: the Request Service (Face Check) ----------------------------

/** A presentation request for one target's VerifiedEmployee credential with a Face Check. */
export interface PresentationAsk {
  /** Our request id: the callback's `state` (and the callback URL's `request` parameter). */
  requestId: string;
  /** The per-request secret the service sends back as the callback's `api-key` header. */
  apiKey: string;
  /** Only a credential whose revocationId (the holder's UPN) is this one can be picked in Authenticator. */
  targetUpn: string;
  threshold: number;
}

/** The service's 201: its request id, the link that opens Authenticator, and when it expires (ISO). */
export interface PresentationCreated {
  serviceRequestId: string;
  url: string;
  expiresAt: string;
}

export type VerifiedIdErrorKind = 'not-permitted' | 'refused' | 'unavailable';

export class VerifiedIdError extends Error {
  constructor(
    readonly kind: VerifiedIdErrorKind,
    /** The service's inner error code (e.g. badOrMissingField), or the HTTP status as text. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VerifiedIdError';
  }
}

/** One callback of the Request Service, as the adapter read it (verified-id/callback-body.ts). */
export interface PresentationCallback {
  serviceRequestId: string;
  /** Our request id, as we sent it. */
  state: string;
  /** Null: a status TAP Desk does not act on. */
  result: FaceCheckResult | null;
}

export interface VerifiedIdService {
  createPresentation(ask: PresentationAsk): Promise<PresentationCreated>;
  /** For `health` and /readyz: can a Request Service token be had, and does it carry the permission? */
  status(): Promise<{ ok: true } | { ok: false; reason: string }>;
}

// ---- Telling people: implemented by the Teams adapter ------------------------------------------

export type RequestEvent =
  | 'filed'
  | 'approved'
  | 'issued'
  | 'denied'
  | 'expired'
  | 'cancelled'
  | 'failed'
  | 'reminder'
  | 'revoked'
  /** The pass holder is done with the pass (or its time ran out): every copy may now say "Issued". */
  | 'handed-over'
  /** The person registered a sign-in method after the pass (pass-follow-up.ts); or removed the pass from the offer. */
  | 'follow-up'
  | 'pass-removed'
  /** The target's manager answered (or could not be reached): the approval cards show it. */
  | 'manager-answered'
  /** A Face Check was asked, opened or answered: the approval cards show it. */
  | 'face-check';

/**
 * Called after a state change was stored (only by the compare-and-swap winner, so once per change).
 * Implementations update every copy of the request's cards and message the people concerned;
 * a failure to notify never undoes the change.
 */
export interface Notifier {
  requestChanged(request: RequestView, event: RequestEvent): Promise<void>;
  /**
   * A change to this request is coming (its pass is being created): the notifier may look up where
   * its cards are meanwhile, so that after the change the person waits only for the updates.
   */
  changeComing?(requestId: string): void;
  /** The 1:1 offer to the person: "You've set up <method> — remove your pass now". False when they have no chat with the bot. */
  offerRemoval(request: TapRequest): Promise<boolean>;
  /** A pass may exist for this request that nobody holds and this instance cannot remove: ask the approvers to. */
  orphanFound?(request: TapRequest): Promise<void>;
  /** After a help-desk revoke: the person whose pass it was is told. */
  passRevoked?(userId: string, byName: string): Promise<void>;
  /** "Contact the help desk" after one's own sign-in check: the approvals channel hears who needs help. */
  helpWanted?(name: string, summary: string): Promise<void>;
  /** "This wasn't me": the help desk hears it whatever happened (before the sign-in it needs, and after the removal). */
  notMe?(alert: NotMeAlert): Promise<void>;
  /** The target's manager gets the 1:1 "is this really them?" card. False when they have no chat with the bot. */
  askManager?(request: TapRequest): Promise<boolean>;
  /** The target's manager said "Not them": the help desk hears it (the request is held when it was still waiting). */
  managerSaysNotThem?(request: TapRequest, managerName: string): Promise<void>;
  /** The target gets the Face Check link in their 1:1 chat. False when they have no chat with the bot. */
  askFaceCheck?(request: TapRequest, link: string): Promise<boolean>;
}

/** What happened to the sign-in sessions: ended, not permitted (consent or role missing), failed, or not asked. */
export type SessionsOutcome = 'ended' | 'not-permitted' | 'failed' | 'not-asked';

/** What removing one's own pass did (requests/own-pass.ts), as the Notifier's "This wasn't me" alert tells it. */
export interface OwnPassResult {
  request: TapRequest;
  /** removed: deleted now; none: there was no pass; kept: the delete failed (problem says why). */
  pass: 'removed' | 'none' | 'kept';
  removedPass: TapFact | null;
  problem: Problem | null;
  sessions: SessionsOutcome;
}

/** A "This wasn't me" report: what the removal did, or (pending) why it has not happened yet (null: a sign-in is asked). */
export type NotMeAlert = { request: TapRequest; byName: string } & ({ result: OwnPassResult } | { pending: Problem | null });
