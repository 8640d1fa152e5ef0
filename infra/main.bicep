// TAP Desk in one resource group: Azure Bot (Teams channel), App Service (Linux, Node 22 LTS),
// a user-assigned managed identity for the bot, Graph and Table Storage, Application Insights.
// One deployment serves one Entra tenant. Check before deploying:
//   az bicep build --file infra/main.bicep
//   az deployment group what-if -g <rg> -f infra/main.bicep -p infra/main.parameters.json
targetScope = 'resourceGroup'

@description('Short name in every resource name: lowercase letters and digits, 3 to 11 characters.')
@minLength(3)
@maxLength(11)
param namePrefix string = 'tapdesk'

@description('Azure region of everything but the Azure Bot (which is global).')
param location string = resourceGroup().location

@description('The Entra tenant this deployment serves; activities from other tenants are refused.')
param tenantId string = subscription().tenantId

@description('Object id of the Entra group whose members may request passes for others (empty: only managers, for their reports).')
param serviceDeskGroupId string = ''

@description('Who sees the pass: the approver (in the reply to the click) or the requester ("Reveal my pass").')
@allowed([
  'approver'
  'requester'
])
param passDelivery string = 'approver'

@description('Whose rights create the pass: delegated (recommended: the approver\'s own Entra rights, through Teams SSO and on-behalf-of) or application (the app\'s own TAP write permission). See infra/README.md "Delegated issuance".')
@allowed([
  'delegated'
  'application'
])
param passIssuance string = 'delegated'

@description('Delegated issuance (required there): client id of the SSO app registration infra/register-sso-app.sh makes. Empty with passIssuance=application.')
param ssoClientId string = ''

@description('Delegated issuance: its Application ID URI (webApplicationInfo.resource in Teams, the OAuth connection\'s token exchange URL).')
param ssoAppIdUri string = empty(ssoClientId) ? '' : 'api://botid-${ssoClientId}'

@description('Delegated issuance: the Azure Bot OAuth connection (SSO_CONNECTION_NAME); the SSO app\'s token-service credential names it.')
param ssoConnectionName string = 'tapdesk-sso'

@description('Which evidence an approval needs (EVIDENCE_POLICY): recommended (members and guests one of directory call-back, manager\'s Confirm, Face Check; admin-role targets two, one not resting on the approver\'s word), stated (the approver\'s word alone, as before), or per class, e.g. members=1;admins=2/1;guests=1. See infra/README.md "Evidence policy".')
param evidencePolicy string = 'recommended'

@description('Minutes a request may wait for approval.')
@minValue(2)
@maxValue(1440)
param requestTtlMinutes int = 30

@description('Optional Verified ID Face Check: the verifier DID of your Verified ID tenant (did:web:…). Empty: Face Check is off (no button; health says "not configured").')
param verifiedIdAuthority string = ''

@description('Face Check: the match confidence a Face Check must reach to count (Verified ID accepts 50–100).')
@minValue(50)
@maxValue(100)
param faceCheckThreshold int = 80

@description('Web app instances. All state is in Table Storage, so any number can run; 2 or more keep the bot up during platform maintenance.')
@minValue(1)
@maxValue(30)
param instanceCount int = 2

@description('App Service plan size (Linux). Basic allows at most 3 instances.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param appServiceSku string = 'P0v3'

@description('Azure Bot pricing tier. Teams is a standard channel, so F0 (free) is enough.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Name people see for the bot in the Azure portal.')
param botDisplayName string = 'TAP Desk'

@description('Storage redundancy. Use Standard_ZRS where the region has zones.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('fatal, error, warn, info, debug or trace.')
@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
])
param logLevel string = 'info'

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

@description('Resource id of an action group (Microsoft.Insights/actionGroups) the alerts notify, e.g. the help desk\'s on-call; empty: alerts show in the portal only.')
param alertActionGroupId string = ''

@description('Tags on every resource.')
param tags object = {
  app: 'tap-desk'
}

// The delegated Microsoft Graph scopes the approver's sign-in grants (infra/README.md "Delegated
// scopes"); infra/register-sso-app.sh requests and consents the same list (a test keeps them equal).
var ssoScopes = [
  'openid'
  'profile'
  'offline_access'
  'UserAuthMethod-TAP.ReadWrite.All'
  'User.RevokeSessions.All'
]

// Delegated issuance without the SSO app would deploy a bot that stops at start-up (SSO_APP_ID_URI
// missing): refuse here, with the step to take. fail() ends the deployment with this message
// (https://learn.microsoft.com/azure/azure-resource-manager/bicep/bicep-functions-flow-control).
var ssoMissing = 'passIssuance is delegated but ssoClientId is empty: run infra/register-sso-app.sh, then deploy again with -p ssoClientId=<its client id>.'
var ssoClientIdChecked = passIssuance == 'delegated' && empty(ssoClientId) ? fail(ssoMissing) : ssoClientId

// uniqueString keeps global names (web app, storage, bot) distinct per resource group.
var suffix = take(uniqueString(resourceGroup().id, namePrefix), 6)
var names = {
  identity: 'id-${namePrefix}-${suffix}'
  logs: 'log-${namePrefix}-${suffix}'
  insights: 'appi-${namePrefix}-${suffix}'
  storage: toLower('st${replace(namePrefix, '-', '')}${suffix}')
  plan: 'asp-${namePrefix}-${suffix}'
  web: 'app-${namePrefix}-${suffix}'
  bot: 'bot-${namePrefix}-${suffix}'
}

// One identity is the bot's Bot Framework identity (UserAssignedMSI), the Graph caller, the Table
// Storage client, the telemetry sender and the SSO app's federated credential: no secret or key exists
// anywhere in this deployment. Why one and not four: infra/README.md "One identity, on purpose".
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
  tags: tags
}

// Module deployments are named after this deployment, so two in one resource group don't collide.
module monitoring 'modules/monitoring.bicep' = {
  name: '${deployment().name}-monitoring'
  params: {
    location: location
    tags: tags
    workspaceName: names.logs
    insightsName: names.insights
    retentionDays: logRetentionDays
    publisherPrincipalId: identity.properties.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: '${deployment().name}-storage'
  params: {
    location: location
    tags: tags
    accountName: names.storage
    sku: storageSku
    dataPrincipalId: identity.properties.principalId
  }
}

module web 'modules/web-app.bicep' = {
  name: '${deployment().name}-web'
  params: {
    location: location
    tags: tags
    planName: names.plan
    siteName: names.web
    sku: appServiceSku
    instanceCount: instanceCount
    identityId: identity.id
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    appSettings: {
      TAPDESK_MODE: 'production'
      TENANT_ID: tenantId
      MICROSOFT_APP_ID: identity.properties.clientId
      MICROSOFT_APP_TYPE: 'UserAssignedMSI'
      GRAPH_CLIENT_ID: identity.properties.clientId
      GRAPH_USE_MANAGED_IDENTITY: 'true'
      STORAGE_ACCOUNT_URL: storage.outputs.tableEndpoint
      SERVICE_DESK_GROUP_ID: serviceDeskGroupId
      PASS_DELIVERY: passDelivery
      PASS_ISSUANCE: passIssuance
      SSO_APP_ID_URI: ssoAppIdUri
      SSO_CLIENT_ID: ssoClientIdChecked
      SSO_CONNECTION_NAME: ssoConnectionName
      REQUEST_TTL_MINUTES: string(requestTtlMinutes)
      EVIDENCE_POLICY: evidencePolicy
      // Face Check (optional): the Request Service posts results to this site's /api/verifiedid/callback.
      VERIFIED_ID_AUTHORITY: verifiedIdAuthority
      VERIFIED_ID_CALLBACK_URL: empty(verifiedIdAuthority) ? '' : 'https://${names.web}.azurewebsites.net'
      FACE_CHECK_THRESHOLD: string(faceCheckThreshold)
      LOG_LEVEL: logLevel
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
      // Local auth is off on the component: the exporter signs telemetry with this identity.
      APPLICATIONINSIGHTS_CLIENT_ID: identity.properties.clientId
    }
  }
}

module alerts 'modules/alerts.bicep' = {
  name: '${deployment().name}-alerts'
  params: {
    location: location
    tags: tags
    insightsId: monitoring.outputs.insightsId
    siteHostName: web.outputs.hostName
    actionGroupId: alertActionGroupId
  }
}

module workbook 'modules/workbook.bicep' = {
  name: '${deployment().name}-workbook'
  params: {
    location: location
    tags: tags
    insightsId: monitoring.outputs.insightsId
  }
}

module bot 'modules/bot.bicep' = {
  name: '${deployment().name}-bot'
  params: {
    tags: tags
    botName: names.bot
    displayName: botDisplayName
    sku: botSku
    endpoint: 'https://${web.outputs.hostName}/api/messages'
    appId: identity.properties.clientId
    identityId: identity.id
    tenantId: tenantId
    ssoClientId: passIssuance == 'delegated' ? ssoClientIdChecked : ''
    ssoAppIdUri: ssoAppIdUri
    ssoConnectionName: ssoConnectionName
    ssoScopes: join(ssoScopes, ' ')
  }
}

@description('BOT_APP_ID for `npm run package`: the managed identity\'s client id.')
output botAppId string = identity.properties.clientId

@description('BOT_DOMAIN for `npm run package`.')
output botDomain string = web.outputs.hostName

@description('Give this to infra/grant-graph-permissions.sh.')
output identityPrincipalId string = identity.properties.principalId

@description('SSO_CLIENT_ID for `npm run package` (delegated issuance).')
output ssoClientId string = ssoClientId

@description('SSO_APP_ID_URI for `npm run package` (delegated issuance).')
output ssoAppIdUri string = ssoAppIdUri

output identityName string = identity.name
output webAppName string = web.outputs.siteName
output botName string = bot.outputs.name
output storageAccountName string = storage.outputs.accountName
output tableEndpoint string = storage.outputs.tableEndpoint
output alertRules array = alerts.outputs.alertRules

@description('The operators\' workbook (Application Insights → Workbooks → TAP Desk).')
output workbookId string = workbook.outputs.workbookId
