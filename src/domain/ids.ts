// The two identifier shapes TAP Desk reads from people and cards, defined once.

/** A request id as TAP Desk makes them (`TAP-0042`); case-insensitive as typed, stored upper-case. */
export const REQUEST_ID = /^TAP-\d{1,9}$/i;

/** An Entra object id (a GUID), any case. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The request id for a counter value. */
export function requestIdFor(n: number): string {
  return `TAP-${String(n).padStart(4, '0')}`;
}
