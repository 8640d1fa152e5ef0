// What tells the help desk before users do: availability tests on /healthz (the process answers)
// and /readyz (storage and Graph answer, permissions granted), and log alerts over what the bot
// exports to Application Insights (requests, dependencies, the tapdesk.* metrics). Each alert's
// query, threshold and meaning is in infra/README.md ("Alerts").

param location string
param tags object
param insightsId string
param siteHostName string

@description('Resource id of the action group to notify; empty: the alerts fire in the portal only.')
param actionGroupId string

var actionGroups = empty(actionGroupId) ? [] : [actionGroupId]

// Three regions on three continents; an alert needs two of them failing, so one region's own trouble
// does not page anyone.
var testLocations = [
  { Id: 'us-va-ash-azr' }
  { Id: 'emea-nl-ams-azr' }
  { Id: 'apac-sg-sin-azr' }
]

var probes = [
  { name: 'healthz', path: '/healthz', severity: 1, meaning: 'The bot does not answer: no instance is serving.' }
  { name: 'readyz', path: '/readyz', severity: 2, meaning: 'The bot answers but cannot reach Table Storage or Microsoft Graph, or a Graph permission is missing.' }
]

resource webTests 'Microsoft.Insights/webtests@2022-06-15' = [for probe in probes: {
  name: 'tapdesk-${probe.name}'
  location: location
  // Availability tests belong to their Application Insights resource through this tag.
  tags: union(tags, { 'hidden-link:${insightsId}': 'Resource' })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'tapdesk-${probe.name}'
    Name: 'TAP Desk ${probe.path}'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: testLocations
    Request: {
      RequestUrl: 'https://${siteHostName}${probe.path}'
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}]

resource availabilityAlerts 'Microsoft.Insights/metricAlerts@2018-03-01' = [for (probe, i) in probes: {
  name: 'tapdesk-${probe.name}-down'
  location: 'global'
  tags: tags
  properties: {
    description: probe.meaning
    severity: probe.severity
    enabled: true
    scopes: [
      webTests[i].id
      insightsId
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: webTests[i].id
      componentId: insightsId
      failedLocationCount: 2
    }
    actions: [for group in actionGroups: {
      actionGroupId: group
    }]
  }
}]

// Log alerts, scoped to Application Insights (so the queries use its table names). Each query
// returns one row per evaluation window with the measured column `n`.
var queryAlerts = [
  {
    name: 'failed-issuances'
    severity: 2
    description: 'A pass could not be issued (Graph refused, storage failed after the create, or settling found no pass). The approver was told; look at the request\'s trail.'
    query: 'customMetrics | where name == "tapdesk.issuances.failed" | summarize n = sum(valueSum)'
    threshold: 1
    window: 'PT15M'
  }
  {
    name: 'graph-throttled'
    severity: 3
    description: 'Microsoft Graph answers 429: TAP creates wait for Retry-After and may be refused after 10 s; approvals slow down.'
    query: 'customMetrics | where name == "tapdesk.graph.throttled" | summarize n = sum(valueSum)'
    threshold: 20
    window: 'PT15M'
  }
  {
    name: 'graph-5xx'
    severity: 2
    description: 'Microsoft Graph answers 5xx: lookups fail and creates are settled by reading; check the Microsoft 365 service health.'
    query: 'dependencies | where target has "graph.microsoft.com" and toint(resultCode) >= 500 | summarize n = count()'
    threshold: 5
    window: 'PT15M'
  }
  {
    name: 'bot-5xx'
    severity: 2
    description: 'The bot answers Teams with 5xx (an unexpected failure, or 503 when an instance is overloaded or stopping).'
    query: 'requests | where url has "/api/messages" and toint(resultCode) >= 500 | summarize n = count()'
    threshold: 5
    window: 'PT5M'
  }
]

resource logAlerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for alert in queryAlerts: {
  name: 'tapdesk-${alert.name}'
  location: location
  tags: tags
  properties: {
    displayName: 'TAP Desk: ${alert.name}'
    description: alert.description
    severity: alert.severity
    enabled: true
    scopes: [
      insightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: alert.window
    criteria: {
      allOf: [
        {
          query: alert.query
          timeAggregation: 'Total'
          metricMeasureColumn: 'n'
          operator: 'GreaterThanOrEqual'
          threshold: alert.threshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: actionGroups
    }
  }
}]

output availabilityTests array = [for (probe, i) in probes: webTests[i].name]
output alertRules array = concat([for (probe, i) in probes: availabilityAlerts[i].name], [for (alert, i) in queryAlerts: logAlerts[i].name])
