// Small helpers the use cases share.
import type { UserFact } from '../../domain/facts';
import type { PersonRef } from '../../domain/request-types';
import { DirectoryError, StoreUnavailableError } from './ports';
import { type Problem, problem } from './errors';

export function personOf(user: Pick<UserFact, 'id' | 'userPrincipalName' | 'displayName'>): PersonRef {
  return { id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName };
}

/** Graph and storage faults as coded problems; anything else is a bug and is rethrown. */
export function toProblem(error: unknown): Problem {
  if (error instanceof DirectoryError) {
    switch (error.kind) {
      case 'permission':
        return problem('graph.permission');
      case 'throttled':
        return problem('graph.throttled');
      case 'not-found':
        return problem('target.not-found', { query: '' });
      case 'refused':
        return problem('graph.refused', { code: error.graphCode ?? 'unknown' });
      default:
        return problem('graph.unavailable');
    }
  }
  if (error instanceof StoreUnavailableError) return problem('store.unavailable');
  throw error;
}
