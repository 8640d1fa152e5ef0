// Azure Bot with the managed identity as its Bot Framework identity, and the Teams channel on.

param tags object
param botName string
param displayName string
param sku string

@description('https://<web app>/api/messages')
param endpoint string

@description('Client id of the user-assigned managed identity (the bot\'s app id).')
param appId string

param identityId string
param tenantId string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppId: appId
    msaAppType: 'UserAssignedMSI'
    msaAppMSIResourceId: identityId
    msaAppTenantId: tenantId
    // Direct Line / Web Chat secrets are not needed by Teams; Entra tokens only.
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
      acceptedTerms: true
    }
  }
}

output name string = bot.name
