// What people do outside Graph that Graph then shows: a person registering a sign-in method (setting up
// a passkey with their pass), and signing in with their pass. Driven over /_emulator/users/{id}/… or
// in-process, for tests and the demo. Graph's own shapes: a method gets an id and `createdDateTime`
// (https://learn.microsoft.com/graph/api/resources/fido2authenticationmethod); a used pass shows
// `lastUsedDateTime` on beta and, when one-time, `methodUsabilityReason: OneTimeUsed` (tap-usability.ts).
import { randomUUID } from 'node:crypto';
import { badRequest } from './errors';
import { type JsonObject, isObject } from './json';
import { type GraphObject } from './seed';
import { TAP_TYPE, tapNotFound, tapsOf } from './temporary-access-passes';
import { type Tenant } from './tenant';

/** The method types a person registers themselves (no password: that is set, not registered; no TAP: an admin creates it). */
export const REGISTRABLE_TYPES: Readonly<Record<string, JsonObject>> = Object.freeze({
  '#microsoft.graph.fido2AuthenticationMethod': {
    displayName: 'Passkey',
    aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
    model: 'YubiKey 5 NFC',
    attestationLevel: 'attested',
  },
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod': {
    displayName: 'Phone',
    deviceTag: 'SoftwareTokenActivated',
    phoneAppVersion: '6.2401.0119',
  },
  '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod': { displayName: 'Laptop', keyStrength: 'normal' },
  '#microsoft.graph.platformCredentialAuthenticationMethod': { displayName: 'Mac', keyStrength: 'normal', platform: 'macOS' },
  '#microsoft.graph.phoneAuthenticationMethod': { phoneNumber: '+1 4255550100', phoneType: 'mobile', smsSignInState: 'notSupported' },
  '#microsoft.graph.softwareOathAuthenticationMethod': { secretKey: null },
});

/** The person registers a method now (body: `{ "@odata.type": …, displayName? }`); answers it as stored. */
export function registerMethod(tenant: Tenant, userKey: string, body: unknown, now: Date): GraphObject {
  const user = tenant.requireUser(userKey);
  const type =
    isObject(body) && typeof body['@odata.type'] === 'string' ? body['@odata.type'] : '#microsoft.graph.fido2AuthenticationMethod';
  const defaults = REGISTRABLE_TYPES[type];
  if (!defaults) throw badRequest(`Not a method a person registers: ${type}. One of: ${Object.keys(REGISTRABLE_TYPES).join(', ')}.`);
  const displayName = isObject(body) && typeof body.displayName === 'string' ? body.displayName : undefined;
  const method: GraphObject = {
    '@odata.type': type,
    id: randomUUID(),
    ...defaults,
    ...(displayName ? { displayName } : {}),
    createdDateTime: now.toISOString(),
  };
  tenant.replaceMethods(user.id, [...tenant.methodsOf(user.id), method]);
  return method;
}

/** The person signs in with their pass now: `lastUsedDateTime` set (a one-time pass is then OneTimeUsed). */
export function useTap(tenant: Tenant, userKey: string, now: Date): GraphObject {
  const user = tenant.requireUser(userKey);
  const tap = tapsOf(tenant, user.id)[0];
  if (!tap) throw tapNotFound();
  const used: GraphObject = { ...tap, lastUsedDateTime: now.toISOString() };
  tenant.replaceMethods(
    user.id,
    tenant.methodsOf(user.id).map((m) => (m['@odata.type'] === TAP_TYPE && m.id === tap.id ? used : m)),
  );
  return used;
}
