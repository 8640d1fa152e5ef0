// The correlation fields of one inbound activity. Teams sends no correlation header we could reuse,
// and an activity id is neither unique across channels nor a GUID (Graph's `client-request-id` must
// be one), so each turn gets a fresh GUID and keeps the activity id beside it.
import type { Correlation } from '../log-context';

export interface TurnCorrelation extends Correlation {
  turnId: string;
  activityType: string;
  /** The invoke name (e.g. `adaptiveCard/action`) and the card verb, when there is one. */
  invokeName?: string;
  verb?: string;
}

/** Ids from outside are logged, so they are bounded and limited to printable characters. */
function safeText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  return value.slice(0, max).replace(/[^\x20-\x7e]/g, '?');
}

function verbOf(activity: Record<string, unknown>): string | undefined {
  const value = activity.value;
  if (!value || typeof value !== 'object') return undefined;
  const action = (value as { action?: unknown }).action;
  const verb = action && typeof action === 'object' ? (action as { verb?: unknown }).verb : (value as { verb?: unknown }).verb;
  return safeText(verb, 64);
}

export function turnCorrelation(activity: Record<string, unknown>, newId: () => string): TurnCorrelation {
  const fields: TurnCorrelation = { turnId: newId(), activityType: safeText(activity.type, 64) ?? 'unknown' };
  const activityId = safeText(activity.id, 128);
  if (activityId) fields.activityId = activityId;
  const invokeName = safeText(activity.name, 128);
  if (invokeName) fields.invokeName = invokeName;
  const verb = verbOf(activity);
  if (verb) fields.verb = verb;
  return fields;
}
