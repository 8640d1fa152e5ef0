// Azure Bot with the managed identity as its Bot Framework identity, the Teams channel on and, in
// delegated issuance, the OAuth connection Teams' sign-in goes through (SSO token exchange, and the
// sign-in link when silent SSO cannot finish).

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

@description('Delegated issuance: client id of the SSO app registration; empty: no OAuth connection (application issuance).')
param ssoClientId string

@description('Its Application ID URI: the connection\'s token exchange URL.')
param ssoAppIdUri string

@description('Name of the OAuth connection (the bot\'s SSO_CONNECTION_NAME); also the unique identifier its federated credential names.')
param ssoConnectionName string

@description('Delegated Microsoft Graph scopes the connection asks for, space-separated.')
param ssoScopes string

// "AAD v2 with Federated Credentials": the token service signs in with a federated credential on the
// SSO app (subject /eid1/c/pub/t/<tenant>/a/<token service>/<UniqueIdentifier>), so no client secret
// exists; plain "AAD v2" needs one. Provider, fields and credential:
// https://learn.microsoft.com/azure/bot-service/bot-builder-authentication-federated-credential
// The provider id is what `az bot authsetting list-providers` lists for Aadv2WithFic.
var ficProviderId = 'c00b44ab-5e16-c44c-af26-2fd5bc55eb18'

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

resource ssoConnection 'Microsoft.BotService/botServices/connections@2022-09-15' = if (!empty(ssoClientId)) {
  parent: bot
  name: ssoConnectionName
  location: 'global'
  properties: {
    serviceProviderId: ficProviderId
    serviceProviderDisplayName: 'AAD v2 with Federated Credentials'
    clientId: ssoClientId
    scopes: ssoScopes
    parameters: [
      {
        key: 'ClientId'
        value: ssoClientId
      }
      {
        key: 'UniqueIdentifier'
        value: ssoConnectionName
      }
      {
        // Teams SSO: the token service exchanges the Teams token whose audience is this URI.
        key: 'TokenExchangeUrl'
        value: ssoAppIdUri
      }
      {
        key: 'TenantId'
        value: tenantId
      }
    ]
  }
}

output name string = bot.name
