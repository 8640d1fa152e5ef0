// The requester's reads: the form (with the help desk's "request a pass for them" prefill), submitting
// it, and their own requests.
import type { TapPolicyFacts } from '../../domain/facts';
import { type RequestView, viewOf } from '../kernel/request-view';
import { GUID } from '../../domain/ids';
import type { UseCaseDeps } from '../kernel/deps';
import type { Actor } from '../kernel/actor';
import { fileRequest, type FileRequestInput, type FileRequestOutcome } from './file-request';

export interface RequestForm {
  policy: TapPolicyFacts;
  /** What the "who for" field starts with. */
  target: string;
}

/** The form, prefilled with what was typed after "request", or with the person a help-desk card names by id. */
export async function openRequestForm(deps: UseCaseDeps, prefill: { typed: string } | { targetId: string }): Promise<RequestForm> {
  if ('typed' in prefill) return { policy: await deps.directory.tapPolicy(), target: prefill.typed.slice(0, 200) };
  const id = prefill.targetId.toLowerCase();
  // Submit re-checks everything: this only saves typing.
  const user = GUID.test(id) ? (await deps.directory.findUsers(id, 1))[0] : undefined;
  return { policy: await deps.directory.tapPolicy(), target: user?.userPrincipalName ?? '' };
}

export type SubmitOutcome = (FileRequestOutcome | { kind: 'invalid' }) & { policy: TapPolicyFacts };

/** The form as typed: invalid (the form's own problems, nothing filed) or filed through fileRequest. */
export async function submitRequest(deps: UseCaseDeps, input: FileRequestInput | null): Promise<SubmitOutcome> {
  const policy = await deps.directory.tapPolicy();
  if (!input) return { kind: 'invalid', policy };
  const outcome = await fileRequest(deps, { ...input, isUsableOnce: policy.isUsableOnce ? true : input.isUsableOnce });
  return { ...outcome, policy };
}

/** How many of their own requests `status` shows: the latest on its card, and ten more as lines. */
export const MY_REQUESTS_SHOWN = 11;

/** The actor's latest requests (as requester or target), newest first. */
export async function myRequests(deps: UseCaseDeps, actor: Actor): Promise<RequestView[]> {
  return (await deps.stores.requests.listByUser(actor.id, { limit: MY_REQUESTS_SHOWN })).map(viewOf);
}
