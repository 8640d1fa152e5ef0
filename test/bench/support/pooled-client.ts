// The channel as the Bot Connector service is to a real instance: activities arrive over a bounded
// pool of keep-alive connections (64 here), however many people click at once; the rest wait in
// the channel. A thousand people do not open a thousand sockets to one bot.
import http from 'node:http';
import { type BotAnswer, TeamsClient } from '../../support/teams-client';

export const CHANNEL_CONNECTIONS = 64;

export class PooledTeamsClient extends TeamsClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: CHANNEL_CONNECTIONS });

  constructor(
    private readonly botBase: string,
    serviceUrl: string,
    tenantId: string,
  ) {
    super(botBase, serviceUrl, tenantId);
  }

  override post(activity: Record<string, unknown>): Promise<BotAnswer> {
    const body = JSON.stringify(activity);
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${this.botBase}/api/messages`,
        { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              // not JSON: keep the text
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
