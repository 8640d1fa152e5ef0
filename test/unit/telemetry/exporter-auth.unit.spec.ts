// Application Insights with local auth off (as infra/ deploys it) takes only Entra-signed telemetry: with
// APPLICATIONINSIGHTS_CLIENT_ID the exporters sign with that managed identity; without it, the key alone.
import assert from 'node:assert/strict';
import { ManagedIdentityCredential } from '@azure/identity';
import { azureMonitorExporterOptions } from '../../../src/telemetry/azure-monitor';
import { loadConfig } from '../../../src/config';

const CONNECTION = 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:1/';
const CLIENT_ID = '6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f';

describe('telemetry: how the exporters authenticate', () => {
  it('with a managed identity client id: a ManagedIdentityCredential for that identity', () => {
    const options = azureMonitorExporterOptions({ connectionString: CONNECTION, managedIdentityClientId: CLIENT_ID });
    assert.equal(options.connectionString, CONNECTION);
    assert.ok(options.credential instanceof ManagedIdentityCredential);
  });

  it('without one: the connection string alone (local auth)', () => {
    assert.deepEqual(azureMonitorExporterOptions({ connectionString: CONNECTION, managedIdentityClientId: null }), {
      connectionString: CONNECTION,
    });
  });

  it('APPLICATIONINSIGHTS_CLIENT_ID is read as a GUID, and refused otherwise', () => {
    const base = {
      TAPDESK_MODE: 'demo',
      TENANT_ID: '510a7fe1-50f4-5852-90b4-23956de2d650',
      GRAPH_CLIENT_ID: CLIENT_ID,
      GRAPH_CLIENT_SECRET: 's',
      STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
    };
    assert.equal(loadConfig({ ...base, APPLICATIONINSIGHTS_CLIENT_ID: CLIENT_ID.toUpperCase() }).appInsightsClientId, CLIENT_ID);
    assert.equal(loadConfig(base).appInsightsClientId, null);
    assert.throws(
      () => loadConfig({ ...base, APPLICATIONINSIGHTS_CLIENT_ID: 'tapdesk' }),
      /APPLICATIONINSIGHTS_CLIENT_ID: expected a GUID/,
    );
  });
});
