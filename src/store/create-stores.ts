// The stores for a configuration: a connection string (Azurite, dev), or the account URL with the
// App Service managed identity (Azure: no keys in settings).
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import type { Stores } from '../app/kernel/ports';
import type { OnCorrupt } from './corrupt-rows';
import { createTableStores } from './table-stores';

export async function createStores(options: {
  connectionString: string | null;
  accountUrl: string | null;
  tablePrefix: string;
  managedIdentityClientId?: string | null;
  /** Told of stored rows that cannot be read (skipped by listings), e.g. to log them. */
  onCorrupt?: OnCorrupt;
}): Promise<Stores> {
  const { tablePrefix, onCorrupt } = options;
  if (options.connectionString) return createTableStores({ connectionString: options.connectionString, tablePrefix, onCorrupt });
  if (!options.accountUrl) throw new Error('Table Storage is not configured');
  const credential = options.managedIdentityClientId
    ? new ManagedIdentityCredential({ clientId: options.managedIdentityClientId })
    : new DefaultAzureCredential();
  return createTableStores({ accountUrl: options.accountUrl, credential, tablePrefix, onCorrupt });
}
