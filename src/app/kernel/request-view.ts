// A request as the Teams adapter renders it: the stored row plus the domain's answers about it, computed
// here once, so a view shows what the rules decide without calling one (the pass value is never in it).
import type { TapRequest } from '../../domain/request-types';
import { awaitingHandover, mayChange } from '../../domain/request';

export interface RequestAnswers {
  /** The pass was shown and may still be on its holder's screen: their card stays as it is. */
  readonly awaitingHandover: boolean;
  /** The request may still change: only then is a posted status card worth keeping current. */
  readonly mayChange: boolean;
}

export type RequestView = TapRequest & { readonly answers: RequestAnswers };

export function viewOf(request: TapRequest): RequestView {
  return { ...request, answers: { awaitingHandover: awaitingHandover(request), mayChange: mayChange(request) } };
}
