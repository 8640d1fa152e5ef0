// Who acts, as every use case takes it: the authenticated person's object id and display name (from the
// channel), never card data. The UPN is filled in from what the request already knows about that person.
import type { PersonRef, TapRequest } from '../../domain/request-types';

export interface Actor {
  id: string;
  /** Known only when the channel said so; the request's own record of the person is preferred. */
  userPrincipalName?: string | null;
  name: string;
}

/** The actor as a person on this request: the stored requester, target or pass holder when it is them. */
export function actingPerson(request: TapRequest, actor: Actor): PersonRef {
  const id = actor.id.toLowerCase();
  const shownTo = 'shownTo' in request ? request.shownTo : null;
  const known = [request.requester, request.target, shownTo].find((p) => p && p.id.toLowerCase() === id);
  return known ? { ...known } : { id: actor.id, userPrincipalName: actor.userPrincipalName ?? '', displayName: actor.name };
}
