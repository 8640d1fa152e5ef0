// Correlation ids for whatever is running now: the inbound turn (or sweep) and the TAP request it is
// about. The logger adds them to every line, Graph calls send the turn id as `client-request-id`, and
// telemetry copies them onto spans — so one query finds an approval's whole life across instances.
//
// Why AsyncLocalStorage and not a child logger passed down: the ids are needed deep inside shared,
// long-lived adapters (the Graph client, the store, botbuilder's own error handler) that are built
// once in main.ts; threading a logger or ids through every port method would change every signature
// for a cross-cutting concern. The one AsyncLocalStorage instance below is not request state itself:
// each turn gets its own context object, which ends with the turn, so instances stay stateless
// (ARCHITECTURE.md rule 8) and concurrent turns never see each other's ids.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Correlation {
  /** One inbound activity: a fresh GUID per turn (Graph's `client-request-id` is a GUID too). */
  turnId?: string;
  /** The Bot Framework activity id, beside the turn id: Teams' own handle on the same activity. */
  activityId?: string;
  /** One sweep run (expiry, reminders, settling): the sweeper's turn. */
  sweepId?: string;
  /** The TAP request the code is working on, e.g. `TAP-0042`. */
  requestId?: string;
}

interface Scope {
  readonly fields: Readonly<Correlation>;
  /** Every request id a turn touched, shared by its nested scopes: the turn's telemetry lists them. */
  readonly requestIds: Set<string>;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Runs `work` as a new turn or sweep: ids of an enclosing scope are not inherited. */
export function runCorrelated<T>(fields: Correlation, work: () => T): T {
  const requestIds = new Set<string>();
  if (fields.requestId) requestIds.add(fields.requestId);
  return scopes.run({ fields: Object.freeze({ ...fields }), requestIds }, work);
}

/** Runs `work` about one TAP request: every log line and Graph call inside carries its id. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  const parent = scopes.getStore();
  parent?.requestIds.add(requestId);
  const fields = Object.freeze({ ...parent?.fields, requestId });
  return scopes.run({ fields, requestIds: parent?.requestIds ?? new Set([requestId]) }, work);
}

/** The ids in force now (empty outside any turn or sweep). */
export function correlation(): Readonly<Correlation> {
  return scopes.getStore()?.fields ?? {};
}

/** Every request id the current turn has worked on so far, in order. */
export function requestIdsOfTurn(): string[] {
  return [...(scopes.getStore()?.requestIds ?? [])];
}
