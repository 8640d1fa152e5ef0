// A real Azurite for the `describe` that calls useAzurite(): started in `before`, stopped in
// `after`. Tests isolate themselves inside it with their own table prefix.
import { randomBytes } from 'node:crypto';
import { type AzuriteOptions, type RunningAzurite, startAzurite } from '../harness/azurite';

export interface AzuriteHandle {
  /** The running Azurite; only valid inside tests and hooks of the describe. */
  readonly azurite: RunningAzurite;
  readonly connectionString: string;
}

export function useAzurite(options: AzuriteOptions = {}): AzuriteHandle {
  let running: RunningAzurite | null = null;
  before(async function () {
    this.timeout(30_000);
    running = await startAzurite(options);
  });
  after(async () => {
    await running?.stop();
    running = null;
  });
  const current = (): RunningAzurite => {
    if (!running) throw new Error('Azurite is not running: use it inside tests or hooks of the describe that called useAzurite()');
    return running;
  };
  return {
    get azurite() {
      return current();
    },
    get connectionString() {
      return current().connectionString;
    },
  };
}

/** A table prefix no other run uses: `t` + 10 hex digits. */
export const uniqueTablePrefix = (): string => `t${randomBytes(5).toString('hex')}`;
