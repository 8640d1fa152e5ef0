// The `health` command's view: each capability as ok / degraded / off, with the reason and the fix.
import type { Capability, LicenceFacts } from '../../domain/capabilities';
import type { Tone } from '../cards/view-types';

const MARK: Record<Capability['status'], string> = { ok: 'ok', degraded: 'degraded', off: 'off', 'not-configured': 'not configured' };

function tierWords(licences: LicenceFacts): string {
  if (licences.p2) return 'Microsoft Entra ID P2';
  if (licences.p1) return licences.p2 === null ? 'Microsoft Entra ID P1 (P2 not confirmed)' : 'Microsoft Entra ID P1';
  if (licences.p1 === false) return 'Microsoft Entra ID Free (no P1 or P2)';
  return "couldn't tell which Microsoft Entra ID licence this organisation has";
}

export interface HealthMessage {
  title: string;
  body: string;
  tone: Tone;
  details: string[];
  nextStep: string;
}

export function healthView(capabilities: readonly Capability[], licences: LicenceFacts): HealthMessage {
  const off = capabilities.filter((c) => c.status === 'off');
  const degraded = capabilities.filter((c) => c.status === 'degraded');
  const details = capabilities.map((c) => {
    const why = [...c.reasons, ...c.notes];
    const fix = c.fixes.length > 0 ? ` Fix: ${c.fixes.join('; ')}.` : '';
    return `${c.name}: ${MARK[c.status]}${why.length > 0 ? ` (${why.join('; ')})` : ''}.${fix}`;
  });
  const body =
    off.length > 0
      ? `Some of TAP Desk cannot work: ${off.map((c) => c.name).join(', ')}. Licence: ${tierWords(licences)}.`
      : degraded.length > 0
        ? `Passes can be requested, approved and issued. Some checks can't run: ${degraded.map((c) => c.name).join(', ')}. Licence: ${tierWords(licences)}.`
        : `Everything works. Licence: ${tierWords(licences)}.`;
  const nextStep =
    off.length + degraded.length > 0
      ? 'Permissions are granted with infra/grant-graph-permissions.sh (admin consent); restart the bot afterwards so it gets a new token.'
      : '';
  return {
    title: 'TAP Desk health',
    body,
    tone: off.length > 0 ? 'attention' : degraded.length > 0 ? 'warning' : 'good',
    details,
    nextStep,
  };
}
