// Delegated issuance: the one-time challenges that bind a Teams SSO token to one click (teams/sso.ts
// explains the round). Each is stored create-only with the conversation, the clicker and the request,
// and redeemed at most once (a compare-and-swap delete), whatever the outcome.
import { randomUUID } from 'node:crypto';
import { GUID } from '../domain/ids';
import { type Clock, type KeyValueStore, StoreConflictError } from './ports';

const CHALLENGES = 'ssochallenge';
const CHALLENGE_MINUTES = 5;

export interface ChallengeBinding {
  conversationId: string;
  userId: string;
  requestId: string;
}

interface Challenge extends ChallengeBinding {
  expiresAt: string;
}

export type Redeemed = { ok: true } | { ok: false; reason: string };

export interface SsoChallenges {
  /** A fresh challenge id for this conversation, clicker and request, valid for five minutes. */
  issue(binding: ChallengeBinding): Promise<string>;
  /** Uses the challenge up; ok only when it was issued for exactly this binding and is still valid. */
  redeem(id: string, binding: ChallengeBinding): Promise<Redeemed>;
}

export function ssoChallenges(deps: { kv: KeyValueStore; clock: Clock }): SsoChallenges {
  async function use(id: string): Promise<Challenge | null> {
    if (!GUID.test(id)) return null;
    const stored = await deps.kv.get<Challenge>(CHALLENGES, id);
    if (!stored) return null;
    try {
      // Compare-and-swap delete: of two re-sends with one challenge, one gets it.
      await deps.kv.delete(CHALLENGES, id, stored.etag);
    } catch (error) {
      if (error instanceof StoreConflictError) return null;
      throw error;
    }
    return stored.value;
  }

  return {
    async issue(binding) {
      const id = randomUUID();
      await deps.kv.put(CHALLENGES, id, { ...binding, expiresAt: new Date(deps.clock.now().getTime() + CHALLENGE_MINUTES * 60_000).toISOString() } satisfies Challenge);
      return id;
    },
    async redeem(id, binding) {
      const bound = await use(id);
      if (!bound) return { ok: false, reason: 'no challenge of ours' };
      if (bound.conversationId !== binding.conversationId) return { ok: false, reason: 'challenge from another conversation' };
      if (bound.userId !== binding.userId || bound.requestId !== binding.requestId) return { ok: false, reason: 'challenge for another click' };
      if (new Date(bound.expiresAt).getTime() <= deps.clock.now().getTime()) return { ok: false, reason: 'challenge expired' };
      return { ok: true };
    },
  };
}
