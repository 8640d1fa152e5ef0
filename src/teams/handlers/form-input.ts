// Card inputs are user input, never decisions: each is checked for type and size here, and a bad
// one becomes a clear message on the same form (nothing typed is lost).
import { GUID, REQUEST_ID } from '../../app';
import type { ReasonCode } from '../../domain/request-types';
import { type FormValues, REASONS } from '../views/request-views';

export function text(data: Record<string, unknown>, key: string, max: number): string {
  const value = data[key];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/** The request id a card action names, if it is one; whether it exists is the store's to say. */
export function requestIdOf(data: Record<string, unknown>): string | null {
  const id = text(data, 'requestId', 20);
  return REQUEST_ID.test(id) ? id.toUpperCase() : null;
}

export interface ParsedForm {
  values: FormValues;
  targetId: string | null;
  startDateTime: string | null;
  problems: string[];
}

export function parseRequestForm(data: Record<string, unknown>, now: Date): ParsedForm {
  const problems: string[] = [];
  const reasonRaw = text(data, 'reason', 40);
  const reason = REASONS.some((r) => r.value === reasonRaw) ? (reasonRaw as ReasonCode) : '';
  if (!reason) problems.push('Choose why the pass is needed.');
  const reasonText = text(data, 'reasonText', 300);
  if (reason === 'other' && !reasonText) problems.push('With "Other", say in a few words why the pass is needed.');

  const lifetimeRaw = text(data, 'lifetime', 10);
  let lifetime: number | null = null;
  if (lifetimeRaw !== '') {
    if (/^\d{1,5}$/.test(lifetimeRaw)) lifetime = Number(lifetimeRaw);
    else problems.push(`"${lifetimeRaw}" is not a number of minutes.`);
  }
  const oneTimeRaw = text(data, 'oneTime', 5);
  const oneTime = oneTimeRaw === 'true' ? true : oneTimeRaw === 'false' ? false : null;

  const startDate = text(data, 'startDate', 10);
  const startTime = text(data, 'startTime', 5);
  let startDateTime: string | null = null;
  if (startDate || startTime) {
    const date = startDate || now.toISOString().slice(0, 10);
    const time = startTime || '00:00';
    const parsed = /^\d{4}-\d{2}-\d{2}$/.test(date) && /^\d{2}:\d{2}$/.test(time) ? new Date(`${date}T${time}:00Z`) : null;
    if (!parsed || Number.isNaN(parsed.getTime())) problems.push('The start date or time is not valid; leave both empty to start now.');
    else startDateTime = parsed.toISOString();
  }
  const targetIdRaw = text(data, 'targetId', 40);
  return {
    values: { target: text(data, 'target', 200), reason, reasonText, lifetime, oneTime, startDate, startTime },
    targetId: GUID.test(targetIdRaw) ? targetIdRaw.toLowerCase() : null,
    startDateTime,
    problems,
  };
}
