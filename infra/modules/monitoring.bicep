// Log Analytics (App Service logs land here too) and a workspace-based Application Insights.

param location string
param tags object
param workspaceName string
param insightsName string

@minValue(30)
@maxValue(730)
param retentionDays int

@description('Principal id of the identity that sends telemetry: it gets "Monitoring Metrics Publisher" on the component.')
param publisherPrincipalId string

// Built-in role "Monitoring Metrics Publisher": the role Entra-authenticated ingestion requires
// (https://learn.microsoft.com/azure/azure-monitor/app/azure-ad-authentication).
var metricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: insightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    // Local authentication off: the connection string's instrumentation key alone no longer lets anyone
    // send telemetry; only Entra-authenticated callers with the publisher role below can.
    DisableLocalAuth: true
  }
}

resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, publisherPrincipalId, metricsPublisherRoleId)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', metricsPublisherRoleId)
    principalId: publisherPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output workspaceId string = workspace.id
output insightsId string = insights.id
output connectionString string = insights.properties.ConnectionString
