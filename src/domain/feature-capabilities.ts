// Capabilities beside the Graph permission map (capabilities.ts) that degrade alone: the manager's confirmation (a
// directory read; unreadable, the card says "couldn't read the manager" and nothing else stops) and the Verified ID
// Face Check (optional; not configured, the button is not offered). Neither ever turns another capability off.
import { type Capability, CAPABILITY_NAMES, PERMISSIONS, holds } from './capabilities';

/** What the Face Check adapter reported: not set up, usable, or set up and failing (why). */
export type FaceCheckReadiness = { configured: false } | { configured: true; ok: true } | { configured: true; ok: false; reason: string };

export const PRESENT_REQUEST_PERMISSION = 'VerifiableCredential.Create.PresentRequest';

function managerCheck(roles: readonly string[]): Capability {
  const userRead = PERMISSIONS.find((p) => p.name === 'User.Read.All');
  const readable = userRead ? holds(roles, userRead) : false;
  return {
    id: 'manager-check',
    name: CAPABILITY_NAMES['manager-check'],
    status: readable ? 'ok' : 'off',
    reasons: readable ? [] : ["the User.Read.All permission is not granted: the target's manager can't be read or asked"],
    fixes: readable ? [] : ['grant the User.Read.All application permission (infra/grant-graph-permissions.sh)'],
    notes: ["a manager that can't be read makes the approval card say so; approvals go on without it"],
  };
}

function faceCheck(readiness: FaceCheckReadiness): Capability {
  const base = { id: 'face-check' as const, name: CAPABILITY_NAMES['face-check'] };
  if (!readiness.configured)
    return {
      ...base,
      status: 'not-configured',
      reasons: ['not configured: approval cards do not offer it'],
      fixes: [],
      notes: ['set VERIFIED_ID_AUTHORITY and VERIFIED_ID_CALLBACK_URL to offer it (README "Configuration")'],
    };
  if (readiness.ok) return { ...base, status: 'ok', reasons: [], fixes: [], notes: [] };
  return {
    ...base,
    status: 'off',
    reasons: [readiness.reason],
    fixes: [
      `grant the ${PRESENT_REQUEST_PERMISSION} application permission of the Verifiable Credentials service (infra/grant-graph-permissions.sh)`,
    ],
    notes: ['approvals work without it'],
  };
}

/** The capabilities that degrade alone, after the Graph ones. */
export function featureCapabilities(roles: readonly string[], readiness: FaceCheckReadiness): Capability[] {
  return [managerCheck(roles), faceCheck(readiness)];
}
