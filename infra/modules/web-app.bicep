// Linux App Service on Node 22 LTS running `npm start`; stateless, so instanceCount can be 2 or more.

param location string
param tags object
param planName string
param siteName string
param sku string

@minValue(1)
param instanceCount int

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

param logAnalyticsWorkspaceId string

@description('TAP Desk settings (names from src/config.ts CONFIG_VARIABLES).')
param appSettings object

// App Service's own settings: the zip deployed is already built (see infra/README.md).
var platformSettings = {
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
}

// pino writes JSON lines to stdout: they arrive as AppServiceConsoleLogs.
var logCategories = [
  'AppServiceHTTPLogs'
  'AppServiceConsoleLogs'
  'AppServiceAppLogs'
  'AppServicePlatformLogs'
  'AppServiceAuditLogs'
]

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: sku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: siteName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // No sticky sessions: every instance can serve every turn (state is in Table Storage).
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'npm start'
      alwaysOn: true
      healthCheckPath: '/healthz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [for setting in items(union(platformSettings, appSettings)): {
        name: setting.key
        value: setting.value
      }]
    }
  }
}

// No publishing with user name and password, over FTP or to the SCM (Kudu) site: deployments use
// Entra sign-in (az webapp deploy with az login), so a leaked publish profile deploys nothing.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [for category in logCategories: {
      category: category
      enabled: true
    }]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output siteName string = site.name
output hostName string = site.properties.defaultHostName
