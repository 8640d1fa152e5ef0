// The shape of a TAP request in each of its states. The life of a request is in request.ts.
import type { RoleScope } from './facts';
import type { EvidenceKind } from './evidence';

export interface PersonRef {
  id: string;
  userPrincipalName: string;
  displayName: string;
}

export type ReasonCode = 'lost-device' | 'new-device' | 'onboarding' | 'locked-out' | 'other';

export interface RequestReason {
  code: ReasonCode;
  /** Free text; required when code is `other`. */
  text: string | null;
}

export interface PassSpec {
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  /** ISO time the pass becomes usable, or null for "now". */
  startDateTime: string | null;
  /** The start asked for, when it had passed by the time the pass was issued: the pass starts on issue instead. */
  startMovedFrom?: string;
}

export type VerificationMethod = 'call-back' | 'in-person' | 'manager-confirmed' | 'video-call' | 'other';

/** The role and scope that allowed a decision: recorded in the audit, shown on cards. */
export interface Authority {
  roleTemplateId: string;
  scope: RoleScope;
  /** How the approver holds the role: directly, or through a role-assignable group (groupId). */
  via?: 'direct' | 'group';
  groupId?: string;
}

export interface Approval {
  by: PersonRef;
  at: string;
  verification: VerificationMethod;
  verificationNote: string | null;
  authority: Authority;
  /** The evidence the approval rested on (evidence.ts), whatever the policy wanted. Absent on approvals stored before it. */
  evidence?: EvidenceKind[];
}

/** What the bot remembers of an issued pass: never the value. */
export interface IssuedPass {
  id: string;
  createdDateTime: string;
  startDateTime: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  expiresAt: string;
}

export type PassDelivery = 'approver' | 'requester';

/**
 * The pass's job is done: the person registered a sign-in method after the pass started (the sweeper
 * saw it in Graph). Recorded once (compare-and-swap), so one instance offers removal, once.
 */
export interface PassFollowUp {
  /** The method registered: Graph's method kind, its display name when Graph gives one, and its createdDateTime. */
  method: { kind: string; displayName: string | null; registeredAt: string };
  /** Graph's word on the pass when the method was seen: used (OneTimeUsed), and when (lastUsedDateTime, beta only). */
  passUsed: boolean;
  passUsedAt: string | null;
  /** When an instance claimed sending the offer; notifiedAt once the person's chat has it. */
  offeredAt: string;
  notifiedAt: string | null;
  /** The pass was removed: by the person ("Remove my pass"), or found already gone (by null). */
  removedAt: string | null;
  removedBy: PersonRef | null;
}

/** The fields every state of a request shares. */
export interface RequestCommon {
  /** Short, human id such as `TAP-0042`. */
  id: string;
  requester: PersonRef;
  target: PersonRef;
  reason: RequestReason;
  pass: PassSpec;
  delivery: PassDelivery;
  createdAt: string;
  /** A pending (or approved-awaiting-reveal) request expires at this time. */
  expiresAt: string;
  /** The target already held a live pass when the request was filed; a new one replaces it. */
  replacesLivePass: boolean;
  reminderSentAt: string | null;
  /**
   * The target's manager, asked in Teams whether it is really them (request.ts managerConfirm). Absent on requests
   * filed before it existed: shown as nothing, and it holds nothing.
   */
  managerCheck?: ManagerCheck;
  /** A Verified ID Face Check asked for the target by an approver. Absent until one is asked for. */
  faceCheck?: FaceCheck;
}

/**
 * Where the manager's confirmation stands. Only `not-them` changes what may happen: the request is held (no approval)
 * until the help desk has dealt with it (deny or cancel). `unreachable`: the manager has no chat with TAP Desk yet.
 */
export type ManagerCheck =
  | { state: 'no-manager' }
  | { state: 'unknown'; why: string }
  | { state: 'asked' | 'unreachable'; manager: PersonRef; askedAt: string }
  | { state: 'confirmed' | 'not-them'; manager: PersonRef; askedAt: string; at: string };

/**
 * A Verified ID Face Check of the target. Only `passed` counts as evidence: the service matched the presenter's face
 * to the photo in their VerifiedEmployee credential at or above `threshold`, and the credential is the target's.
 */
export type FaceCheck =
  | {
      state: 'asked';
      askedBy: PersonRef;
      askedAt: string;
      threshold: number;
      ticket?: FaceCheckTicket;
      /** The link reached the target's 1:1 chat (false: they have no chat with TAP Desk yet). */
      sentToChat?: boolean;
      /** The service said the person opened the request in Authenticator (`request_retrieved`). */
      openedAt?: string;
    }
  | {
      state: 'passed' | 'below-threshold';
      askedBy: PersonRef;
      askedAt: string;
      threshold: number;
      matchConfidence: number;
      at: string;
      ticket?: FaceCheckTicket;
    }
  | {
      state: 'declined' | 'failed';
      askedBy: PersonRef;
      askedAt: string;
      threshold: number;
      at: string;
      why: string;
      ticket?: FaceCheckTicket;
      /** 'below-threshold': Verified ID refused the match under the threshold and withholds the score; 'not-target': someone else's credential. */
      code?: string;
    };

/**
 * What ties the Verified ID service's callbacks to this request: the service's request id, the SHA-256 of the
 * per-request callback key (the key itself is never stored) and when the service's request expires.
 */
export interface FaceCheckTicket {
  serviceRequestId: string;
  keyHash: string;
  expiresAt: string;
}

export type PendingRequest = RequestCommon & { status: 'pending' };
/** Approved, the pass will be created when the requester reveals it (PASS_DELIVERY=requester). */
export type ApprovedRequest = RequestCommon & { status: 'approved'; approval: Approval };
/** Compare-and-swap claimed; the Graph create is under way. */
export type IssuingRequest = RequestCommon & { status: 'issuing'; approval: Approval; issuingSince: string };
export type IssuedRequest = RequestCommon & {
  status: 'issued';
  approval: Approval;
  issued: IssuedPass;
  /** Who saw the pass, once. Null when the pass was settled after a crash and never shown. */
  shownTo: PersonRef | null;
  shownAt: string | null;
  /**
   * The hand-over: while the pass may still be on the holder's screen (handedOverAt null), nothing
   * updates the card they clicked; it ends when they say so, or at handoverDueAt (the sweeper).
   * Both null when nobody saw the pass. Absent on requests stored before hand-overs existed.
   */
  handoverDueAt: string | null;
  handedOverAt: string | null;
  /** Absent until the person registers a sign-in method after the pass started (PassFollowUp). */
  followUp?: PassFollowUp;
};
export type DeniedRequest = RequestCommon & { status: 'denied'; denial: { by: PersonRef; at: string; reason: string } };
export type ExpiredRequest = RequestCommon & { status: 'expired'; expiredAt: string };
export type CancelledRequest = RequestCommon & { status: 'cancelled'; cancelledBy: PersonRef; cancelledAt: string };
export type FailedRequest = RequestCommon & {
  status: 'failed';
  approval: Approval | null;
  failure: { code: string; at: string; retryable: boolean };
};
/** Graph's answer to the create was lost (5xx, timeout, dropped): must be settled by reading Graph. */
export type UnknownRequest = RequestCommon & { status: 'unknown'; approval: Approval; issuingSince: string };

export type TapRequest =
  | PendingRequest
  | ApprovedRequest
  | IssuingRequest
  | IssuedRequest
  | DeniedRequest
  | ExpiredRequest
  | CancelledRequest
  | FailedRequest
  | UnknownRequest;

export type RequestStatus = TapRequest['status'];

export const REQUEST_STATUSES: readonly RequestStatus[] = [
  'pending',
  'approved',
  'issuing',
  'issued',
  'denied',
  'expired',
  'cancelled',
  'failed',
  'unknown',
];

/** States from which nothing more happens to the request. */
export const FINAL_STATUSES: readonly RequestStatus[] = ['issued', 'denied', 'expired', 'cancelled', 'failed'];
