// The use cases bound to their dependencies: what the Teams adapter calls.
import type { UseCaseDeps } from './deps';
import { fileRequest, type FileRequestInput } from './request-pass';
import { approve, cancel, deny, handOver, reveal, type ApproveInput } from './decide-request';
import { sweep } from './sweeper';
import { health } from './health';
import type { PersonRef } from '../domain/request-types';
import { withRequestId } from '../log-context';

export function createUseCases(deps: UseCaseDeps) {
  return {
    deps,
    fileRequest: (input: FileRequestInput) => fileRequest(deps, input),
    // Everything logged while deciding on a request carries its id (log-context.ts).
    approve: (input: ApproveInput) => withRequestId(input.requestId, () => approve(deps, input)),
    deny: (input: { requestId: string; actorId: string; reason: string }) => withRequestId(input.requestId, () => deny(deps, input)),
    reveal: (input: { requestId: string; actor: PersonRef }) => withRequestId(input.requestId, () => reveal(deps, input)),
    cancel: (input: { requestId: string; actor: PersonRef }) => withRequestId(input.requestId, () => cancel(deps, input)),
    handOver: (input: { requestId: string; actor: PersonRef }) => withRequestId(input.requestId, () => handOver(deps, input)),
    sweep: () => sweep(deps),
    health: (actorId: string) => health(deps, actorId),
  };
}

export type UseCases = ReturnType<typeof createUseCases>;
