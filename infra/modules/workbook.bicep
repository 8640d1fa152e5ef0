// An Azure Monitor workbook for operators: passes issued per day, refusals by reason, time from request
// to pass, approvals waiting, Graph throttling and approvers' sign-in failures, over what the bot exports
// to Application Insights (the tapdesk.* metrics and its log lines; infra/README.md "Operations").
// The workbook itself is workbook.json (the portal's Advanced Editor format), so it can be edited there
// and pasted back; `npm run check:infra` checks that it parses and that every query names only what the
// bot emits.

param location string
param tags object
param insightsId string

@description('The workbook\'s title in the portal (Application Insights → Workbooks).')
param displayName string = 'TAP Desk'

// A workbook's name must be a GUID; this one is stable per Application Insights resource, so a
// redeployment updates the workbook instead of adding another.
resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(insightsId, 'tapdesk-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: insightsId
    serializedData: replace(loadTextContent('workbook.json'), '__INSIGHTS_ID__', insightsId)
  }
}

output workbookId string = workbook.id
