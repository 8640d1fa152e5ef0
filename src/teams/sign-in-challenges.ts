// The challenge that binds a Teams SSO token to one click (teams/sso.ts explains the round): an HMAC-signed
// value naming the conversation, the clicker, the subject (action + request) and an expiry. Nothing is stored
// per challenge, so a flood of clicks leaves no rows; the key is one row shared by every instance.
// Single use is not enforced here: what a replay could repeat is the action itself, and that is already
// single-shot (decide() + ETag compare-and-swap: an approved request cannot be approved again, a deleted
// pass cannot be deleted twice). A replay therefore changes nothing, and the token is checked anew each time.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Clock, type KeyValueStore, StoreConflictError } from '../app';

const KEYS = 'signinkey';
const KEY_ID = 'challenge-hmac';
const CHALLENGE_MINUTES = 5;

export interface ChallengeBinding {
  conversationId: string;
  userId: string;
  /** What the sign-in is for, e.g. `approval.approve:<request id>`: a challenge for one click fits no other. */
  subject: string;
}

export type Redeemed = { ok: true } | { ok: false; reason: string };

export interface SignInChallenges {
  /** A challenge for this conversation, clicker and subject, valid for five minutes. */
  issue(binding: ChallengeBinding): Promise<string>;
  /** ok only when this instance's key signed it for exactly this binding and it has not expired. */
  redeem(id: string, binding: ChallengeBinding): Promise<Redeemed>;
}

function mac(key: Buffer, binding: ChallengeBinding, expires: number, nonce: string): string {
  const text = JSON.stringify([binding.conversationId, binding.userId.toLowerCase(), binding.subject, expires, nonce]);
  return createHmac('sha256', key).update(text).digest('base64url');
}

/** The HMAC key, created once in storage (create-only: of two instances starting together, one writes, both read it). */
async function sharedKey(kv: KeyValueStore): Promise<Buffer> {
  const stored = await kv.get<{ key: string }>(KEYS, KEY_ID);
  if (stored) return Buffer.from(stored.value.key, 'base64');
  try {
    const created = await kv.put(KEYS, KEY_ID, { key: randomBytes(32).toString('base64') });
    return Buffer.from(created.value.key, 'base64');
  } catch (error) {
    if (!(error instanceof StoreConflictError)) throw error;
    const winner = await kv.get<{ key: string }>(KEYS, KEY_ID);
    if (!winner) throw error;
    return Buffer.from(winner.value.key, 'base64');
  }
}

export function signInChallenges(deps: { kv: KeyValueStore; clock: Clock }): SignInChallenges {
  let key: Promise<Buffer> | null = null;
  const keyOnce = () => {
    key ??= sharedKey(deps.kv).catch((error: unknown) => {
      key = null;
      throw error;
    });
    return key;
  };

  return {
    async issue(binding) {
      const expires = Math.floor(deps.clock.now().getTime() / 1000) + CHALLENGE_MINUTES * 60;
      const nonce = randomBytes(9).toString('base64url');
      return `c1.${expires}.${nonce}.${mac(await keyOnce(), binding, expires, nonce)}`;
    },
    async redeem(id, binding) {
      const parts = id.split('.');
      if (parts.length !== 4 || parts[0] !== 'c1' || !/^\d{1,12}$/.test(parts[1] ?? ''))
        return { ok: false, reason: 'no challenge of ours' };
      const [, expiresText, nonce, signature] = parts as [string, string, string, string];
      const expires = Number(expiresText);
      const expected = Buffer.from(mac(await keyOnce(), binding, expires, nonce));
      const given = Buffer.from(signature);
      // One answer for "another conversation, clicker or subject" and "never ours": the MAC cannot tell them apart.
      if (expected.length !== given.length || !timingSafeEqual(expected, given))
        return { ok: false, reason: 'challenge not issued for this click' };
      if (expires * 1000 <= deps.clock.now().getTime()) return { ok: false, reason: 'challenge expired' };
      return { ok: true };
    },
  };
}
