// The orphan card: a pass may exist for this request that nobody holds (its create was ambiguous and could not be
// settled where it was made). Names the person and the request only; the button re-reads and re-checks everything.
import type { TapRequest } from '../../domain/request-types';
import type { OrphanView } from '../cards/view-types';

export function orphanView(request: TapRequest, outcome: string | null): OrphanView {
  const approver = 'approval' in request && request.approval ? `, approved by ${request.approval.by.displayName}` : '';
  return {
    title: outcome ? 'Possible orphaned pass: handled' : `A pass for ${request.target.displayName} may exist that nobody holds`,
    body:
      `${request.id}: creating the pass for ${request.target.displayName} (${request.target.userPrincipalName})${approver} got no answer, ` +
      'and it could not be checked where it was made. If it exists, nobody can hand it over, so it should go. ' +
      'Anyone who may issue passes for this person can remove it.',
    requestId: request.id,
    actionable: outcome === null,
    showOutcome: outcome !== null,
    outcome: outcome ?? '',
  };
}
