// Coded errors of the rules: values, never thrown. Words for people are made in teams/texts.ts.
export type ErrorCode =
  | 'request.not-pending'
  | 'request.expired'
  | 'request.already-decided'
  | 'request.not-allowed-for-others'
  | 'request.cancel-not-allowed'
  | 'request.reason-required'
  | 'request.verification-required'
  | 'reveal.not-requester'
  | 'issuer.self-approval'
  | 'issuer.is-target'
  | 'issuer.no-role'
  | 'issuer.role-eligible-only'
  | 'issuer.role-too-low'
  | 'issuer.out-of-scope'
  | 'issuer.au-scope-admin-target'
  | 'issuer.restricted-au'
  | 'target.not-found'
  | 'target.disabled'
  | 'target.external-guest'
  | 'target.policy-disabled'
  | 'target.not-in-policy'
  | 'target.excluded-by-policy'
  | 'target.high-risk'
  | 'pass.lifetime-out-of-bounds'
  | 'pass.multi-use-not-allowed'
  | 'pass.start-in-past';

export interface DomainError {
  code: ErrorCode;
  params?: Record<string, string | number>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = <T = never>(code: ErrorCode, params?: Record<string, string | number>): Result<T> => ({
  ok: false,
  error: params ? { code, params } : { code },
});
