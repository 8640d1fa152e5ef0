// Table Storage for requests, audit, counters and conversation references. Reached only with
// Entra tokens: shared keys are off, so no connection string with a key exists.

param location string
param tags object
param accountName string
param sku string

@description('Principal (object) id of the managed identity that reads and writes the tables.')
param dataPrincipalId string

// Built-in role "Storage Table Data Contributor": entities read/write/delete, create tables.
var tableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: accountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: sku
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {}
}

resource tableAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, dataPrincipalId, tableDataContributorRoleId)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributorRoleId)
    principalId: dataPrincipalId
    // Set explicitly so a just-created identity is not rejected before it has replicated.
    principalType: 'ServicePrincipal'
  }
}

output accountName string = account.name
output tableEndpoint string = account.properties.primaryEndpoints.table
