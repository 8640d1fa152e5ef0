// Loading a tenant seed (shared/tenant/README.md format) and resolving its relative times
// (`now`, `now-PT20M`, `now+P1D`) against the moment it is loaded.
import { readFileSync } from 'node:fs';

/* eslint-disable @typescript-eslint/no-explicit-any -- seed objects are Graph resource JSON */
export interface Seed {
  tenant: { id: string; displayName: string; domains: string[] };
  applications: Array<{ appId: string; displayName: string; clientSecret: string; grantedApplicationPermissions: string[] }>;
  users: any[];
  groups: any[];
  administrativeUnits: any[];
  roleAssignments: any[];
  roleEligibilitySchedules: any[];
  authenticationMethodsPolicy: { authenticationMethodConfigurations: any[] };
  authenticationMethods: Record<string, any[]>;
  riskyUsers: any[];
  signIns: any[];
  conditionalAccessPolicies: any[];
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** ISO 8601 duration in milliseconds (years and months as 365 and 30 days). */
export function durationMs(text: string): number {
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) throw new Error(`"${text}" is not an ISO 8601 duration`);
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
  return ((((y! * 365 + mo! * 30 + w! * 7 + d!) * 24 + h!) * 60 + mi!) * 60 + s!) * 1000;
}

/** `now`, `now-PT20M`, `now+P1D` → an ISO time; anything else is left as it is. */
export function resolveTime(value: string, now: Date): string {
  const m = /^now(?:([+-])(P.+))?$/.exec(value);
  if (!m) return value;
  const offset = m[2] ? durationMs(m[2]) * (m[1] === '-' ? -1 : 1) : 0;
  return new Date(now.getTime() + offset).toISOString();
}

function resolveTimes(node: any, now: Date): any {
  if (Array.isArray(node)) return node.map((v) => resolveTimes(v, now));
  if (node && typeof node === 'object') {
    const out: any = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = key.endsWith('DateTime') && typeof value === 'string' ? resolveTime(value, now) : resolveTimes(value, now);
    }
    return out;
  }
  return node;
}

export function loadSeed(source: string | object, now: Date = new Date()): Seed {
  let raw: any;
  if (typeof source === 'string') {
    let text: string;
    try {
      text = readFileSync(source, 'utf8');
    } catch {
      throw new Error(`tenant file not found: ${source}`);
    }
    try {
      raw = JSON.parse(text);
    } catch {
      throw new Error(`tenant file is not valid JSON: ${source}`);
    }
  } else raw = JSON.parse(JSON.stringify(source));
  if (!raw?.tenant?.id || !Array.isArray(raw.users) || !Array.isArray(raw.applications)) {
    throw new Error('tenant file needs at least tenant.id, users[] and applications[]');
  }
  const seed = resolveTimes(raw, now);
  return {
    groups: [],
    administrativeUnits: [],
    roleAssignments: [],
    roleEligibilitySchedules: [],
    authenticationMethodsPolicy: { authenticationMethodConfigurations: [] },
    authenticationMethods: {},
    riskyUsers: [],
    signIns: [],
    conditionalAccessPolicies: [],
    ...seed,
  };
}
