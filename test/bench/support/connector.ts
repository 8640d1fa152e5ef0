// The bench's Bot Connector is the integration tests' one (test/support/connector.ts), counting only:
// recording every body would cost the load generator's process more than the bots it measures.
import { type Connector, startConnector } from '../../support/connector';

export type CountingConnector = Pick<Connector, 'url' | 'stats' | 'setThrottle' | 'close'> & { counts(): { posts: number; puts: number } };

export async function startCountingConnector(): Promise<CountingConnector> {
  const connector = await startConnector({ record: false });
  return { ...connector, counts: () => ({ posts: connector.stats.posts, puts: connector.stats.puts }) };
}
