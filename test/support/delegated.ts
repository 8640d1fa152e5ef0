// Delegated issuance in tests: contoso as a tenant set up for it (the app holds no TAP write permission,
// only TAP read; admins consented the delegated TAP scope), with the emulator's switches for an MFA
// demand and a rule drift; and Teams' SSO played by the test client with the emulator's user tokens.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONTOSO_SEED, type Stack, type StackOptions } from './stack';
import type { Persona } from './teams-client';

export interface DelegatedTenant {
  /** Consent to the delegated TAP scope (false: AADSTS65001 on every exchange). */
  consented?: boolean;
  /** Consent to User.RevokeSessions.All too (default true; false: ending sessions degrades alone). */
  sessionsConsented?: boolean;
  /** Object ids Entra demands MFA from at the exchange (interaction_required). */
  interactionRequired?: string[];
  /** Object ids whose delegated TAP writes Entra refuses whatever TAP Desk thinks (a rule drift). */
  refusedTapWrites?: string[];
}

/** A seed file for a tenant set up for delegated issuance. */
export function delegatedSeed(options: DelegatedTenant = {}): { path: string; appId: string } {
  const seed = JSON.parse(readFileSync(CONTOSO_SEED, 'utf8'));
  const app = seed.applications[0];
  app.grantedApplicationPermissions = app.grantedApplicationPermissions
    .filter((p: string) => p !== 'UserAuthMethod-TAP.ReadWrite.All')
    .concat('UserAuthMethod-TAP.Read.All');
  app.grantedDelegatedPermissions =
    options.consented === false
      ? []
      : ['UserAuthMethod-TAP.ReadWrite.All', ...(options.sessionsConsented === false ? [] : ['User.RevokeSessions.All'])];
  seed.delegatedAccess = { interactionRequired: options.interactionRequired ?? [], refusedTapWrites: options.refusedTapWrites ?? [] };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'tapdesk-delegated-')), 'contoso-delegated.json');
  writeFileSync(file, JSON.stringify(seed));
  return { path: file, appId: app.appId as string };
}

export function delegatedStackOptions(options: DelegatedTenant = {}): StackOptions {
  const seed = delegatedSeed(options);
  return { seed: seed.path, env: { PASS_ISSUANCE: 'delegated', SSO_APP_ID_URI: `api://botid-${seed.appId}` } };
}

/** The token Teams would obtain for this person through SSO, from the emulator. */
export async function userToken(stack: Stack, userId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${stack.emulator.baseUrl}/_emulator/user-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, ...extra }),
  });
  const body = (await response.json()) as { token?: string };
  if (response.status !== 200 || !body.token) throw new Error(`no user token: ${JSON.stringify(body)}`);
  return body.token;
}

/** Gives the stack's client Teams' SSO; answers every token it handed out (for the leak search). */
export function withTeamsSso(stack: Stack): string[] {
  const handedOut: string[] = [];
  stack.client.ssoTokens = async (persona: Persona) => {
    const token = await userToken(stack, persona.id);
    handedOut.push(token);
    return token;
  };
  return handedOut;
}

/** Graph requests the emulator served with a delegated token, newest last. */
export function delegatedRequests(stack: Stack): Array<{ method: string; route: string; status: number; userId?: string }> {
  return stack.emulator.stats().log.filter((e) => e.token === 'delegated');
}

/** The person finishing the token service's sign-in page (POST /_emulator/sign-in): the magic code, or null with Entra's refusal. */
export async function signInPage(
  stack: Stack,
  userId: string,
  signInUrl: string,
): Promise<{ magicCode: string | null; status: number; body: unknown }> {
  const response = await fetch(`${stack.emulator.baseUrl}/_emulator/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, signInUrl }),
  });
  const body = (await response.json()) as { magicCode?: string };
  return { magicCode: response.status === 200 && body.magicCode ? body.magicCode : null, status: response.status, body };
}
