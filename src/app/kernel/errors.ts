// Coded outcomes of the use cases. Domain codes pass through; the app adds its own (rate limits,
// Graph and storage faults). One place (teams/texts.ts) turns every code into words.
import type { DomainError } from '../../domain/errors';

export type AppErrorCode =
  | 'request.not-found'
  | 'target.not-found'
  | 'rate.requester'
  | 'rate.target'
  | 'graph.permission'
  | 'graph.throttled'
  | 'graph.unavailable'
  | 'graph.refused'
  | 'graph.delete-refused'
  | 'issue.not-created'
  | 'issue.response-lost'
  | 'issue.store-failed'
  | 'store.unavailable'
  | 'access.help-desk-only'
  // A Verified ID Face Check: not set up here, the app lacks the Request Service permission, or the service failed.
  | 'face-check.not-configured'
  | 'face-check.not-permitted'
  | 'face-check.unavailable'
  // Delegated issuance: Entra's own word on the approver, and the approver's sign-in.
  | 'entra.refused'
  | 'sso.consent-required'
  | 'sso.interaction-required'
  | 'sso.token-refused'
  | 'sso.signin-again'
  | 'sso.too-many-prompts'
  | 'sso.code-refused';

export interface AppError {
  code: AppErrorCode;
  params?: Record<string, string | number>;
}

export type Problem = DomainError | AppError;

export function problem(code: AppErrorCode, params?: Record<string, string | number>): AppError {
  return params ? { code, params } : { code };
}
