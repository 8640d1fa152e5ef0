// How often one person is asked to sign in. Storage-backed (one row per person, compare-and-swap), so the
// limit holds across instances and restarts; a row exists only for someone the live review already found
// entitled to act (prompts come after authorisation), so the rows are bounded by the approvers and agents.
import { type Clock, type KeyValueStore, StoreConflictError } from '../kernel/ports';

const PROMPTS = 'signinprompt';
export const PROMPT_WINDOW_MS = 10 * 60_000;
export const PROMPTS_PER_WINDOW = 10;

interface Window {
  start: number;
  count: number;
}

export interface SignInPrompts {
  /** True when this person may be asked to sign in once more now (and counts the prompt). */
  allow(userId: string): Promise<boolean>;
}

export function signInPrompts(deps: { kv: KeyValueStore; clock: Clock }, limit = PROMPTS_PER_WINDOW): SignInPrompts {
  return {
    async allow(userId) {
      const key = userId.toLowerCase();
      for (let attempt = 0; attempt < 4; attempt++) {
        const now = deps.clock.now().getTime();
        const stored = await deps.kv.get<Window>(PROMPTS, key);
        const fresh = !stored || now - stored.value.start >= PROMPT_WINDOW_MS;
        const next: Window = fresh ? { start: now, count: 1 } : { start: stored.value.start, count: stored.value.count + 1 };
        if (next.count > limit) return false;
        try {
          await deps.kv.put(PROMPTS, key, next, stored?.etag);
          return true;
        } catch (error) {
          if (!(error instanceof StoreConflictError)) throw error;
        }
      }
      // Four lost races in a row: someone is clicking very fast; a refusal costs them nothing.
      return false;
    },
  };
}
