// Outbound (bot → connector) tokens by a plain OAuth client-credentials call to the configured
// login URL. Used only with BOTFRAMEWORK_* overrides (a local issuer in offline tests, where MSAL
// refuses an http authority); Azure deployments use botbuilder's own factories.
import { ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';

export class ClientCredentialsFactory extends ServiceClientCredentialsFactory {
  private cached: { token: string; until: number } | null = null;

  constructor(
    private readonly appId: string,
    private readonly password: string,
    private readonly loginUrl: string,
    private readonly scope: string,
  ) {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(): Promise<ServiceClientCredentials> {
    return {
      signRequest: async (resource) => {
        resource.headers.set('Authorization', `Bearer ${await this.token()}`);
        return resource;
      },
    };
  }

  private async token(): Promise<string> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.token;
    const response = await fetch(`${this.loginUrl.replace(/\/+$/, '')}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.appId,
        client_secret: this.password,
        scope: `${this.scope}/.default`,
      }),
    });
    if (!response.ok) throw new Error(`Bot Framework token request failed (${response.status})`);
    const body = (await response.json()) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new Error('Bot Framework token response had no token');
    this.cached = { token: body.access_token, until: Date.now() + Math.max(60, (body.expires_in ?? 3600) - 60) * 1000 };
    return body.access_token;
  }
}
