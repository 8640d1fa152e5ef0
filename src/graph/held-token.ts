// The app's Graph token, held in memory until shortly before it expires. The Graph SDK asks the
// credential for a token on every request, and @azure/identity's answer from its own cache still
// costs a cache look-up through MSAL each time: about a millisecond of CPU on every Graph call, twice
// on an approval's critical path. A cache, not state (ARCHITECTURE.md rule 8): a miss asks the
// credential, as before; a request that carries claims (a CAE challenge) always goes to it.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';

/** A token this close to its expiry is not handed out: the request might reach Graph after it lapsed. */
export const REFRESH_MARGIN_MS = 300_000;

export class HeldTokenCredential implements TokenCredential {
  private held: { key: string; token: AccessToken } | null = null;
  private pending: { key: string; token: Promise<AccessToken | null> } | null = null;

  constructor(
    private readonly inner: TokenCredential,
    private readonly now: () => number = Date.now,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    if (options?.claims || options?.tenantId) return this.inner.getToken(scopes, options);
    const key = Array.isArray(scopes) ? scopes.join(' ') : scopes;
    const held = this.held;
    if (held && held.key === key && held.token.expiresOnTimestamp - this.now() > REFRESH_MARGIN_MS) return held.token;
    // One request to the credential at a time for the same scopes; the others wait for its answer.
    if (this.pending?.key === key) return this.pending.token;
    const token = this.inner
      .getToken(scopes, options)
      .then((answer) => {
        if (answer) this.held = { key, token: answer };
        return answer;
      })
      .finally(() => {
        if (this.pending?.token === token) this.pending = null;
      });
    this.pending = { key, token };
    return token;
  }
}
