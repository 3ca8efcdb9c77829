// The connector in Azure, as `azd up` creates it: a resource group holding a Flex Consumption function
// app (Python, `pythonVersion`) behind Microsoft Entra ID, its storage and monitoring reached by a user-assigned
// managed identity (no key, no connection secret anywhere), and the two app registrations the custom
// connector signs in with. azd passes the parameters from main.parameters.json and keeps the outputs
// as environment values (`azd env get-values`).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('The azd environment name; it names the resource group and seeds every resource name.')
param environmentName string

// The regions that offer Flex Consumption: Microsoft's list in its azd quickstart for Python
// (Azure-Samples/functions-quickstart-python-http-azd, infra/main.bicep, as of 2025-05-07). Microsoft adds regions;
// `az functionapp list-flexconsumption-locations` gives today's list, and a region missing here is added here.
@minLength(1)
@description('The Azure region of every resource. It must offer the Flex Consumption plan.')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'eastus2euap'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

// Microsoft's Flex Consumption page ("Supported language stack versions") lists Python 3.10, 3.11 and 3.12, not 3.13,
// the only version whose Azure worker library the worker tier runs (README, "Supported Python versions"). So the
// default stays 3.11, the version the deployment has always run; 3.12 is selectable (CONNECTOR_PYTHON_VERSION).
@description('The Python version Flex Consumption runs the app on.')
@allowed([
  '3.11'
  '3.12'
])
param pythonVersion string = '3.11'

@description('Memory of each instance, in MB. 2048 is the default size; 512 costs less and starts as fast for this app.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('The most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Instances kept running for the HTTP functions, so that a cold start never eats the five seconds Copilot for Sales gives a call. 0 scales to zero.')
@minValue(0)
@maxValue(20)
param alwaysReadyInstances int = 1

// 16, from the benchmark's capacity table (docs/benchmarks.md, "Capacity per instance"; README, "Why 16 concurrent
// calls"): p99 within 1.1-1.3x a 200 ms or 800 ms back end's latency at 90-96% of the ideal throughput; 8 if p99
// must stay tighter, never more calls than threads (p99 doubles).
@description('Concurrent calls one instance takes before Azure adds another. The Python worker gets as many threads (PYTHON_THREADPOOL_THREAD_COUNT), since each call holds one thread for its whole duration; the worker allows at most 32. 16 comes from the capacity table in docs/benchmarks.md.')
@minValue(1)
@maxValue(32)
param httpPerInstanceConcurrency int = 16

@description('Where answers come from: sample (embedded data), backend (your REST service) or package.module:Class.')
param connectorSource string = 'sample'

@description('Your REST service, when connectorSource is backend (https://...).')
param backendBaseUrl string = ''

@description('Comma-separated (no spaces) redirect URIs to add to the connector client app registration (the one the custom connector shows on its Security tab).')
param connectorRedirectUris string = ''

@description('Comma-separated (no spaces) object ids of further owners of the app registrations and their service principals, beside whoever deploys (e.g. the CI identity\'s service principal, so that a person and CI can both update them).')
param connectorRegistrationOwners string = ''

var abbreviations = {
  resourceGroup: 'rg-'
  functionApp: 'func-'
  plan: 'plan-'
  identity: 'id-'
  storage: 'st'
  logAnalytics: 'log-'
  applicationInsights: 'appi-'
}
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbreviations.functionApp}connector-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: '${abbreviations.resourceGroup}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: '${abbreviations.identity}connector-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: '${abbreviations.logAnalytics}${resourceToken}'
    applicationInsightsName: '${abbreviations.applicationInsights}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: '${abbreviations.storage}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module access 'app/access.bicep' = {
  name: 'access'
  scope: resourceGroup
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    identityPrincipalId: identity.outputs.principalId
  }
}

module registrations 'app/registrations.bicep' = {
  name: 'registrations'
  scope: resourceGroup
  params: {
    apiUniqueName: 'copilot-sales-connector-api-${resourceToken}'
    clientUniqueName: 'copilot-sales-connector-client-${resourceToken}'
    displayName: 'Copilot for Sales connector (${environmentName})'
    extraRedirectUris: empty(connectorRedirectUris) ? [] : split(connectorRedirectUris, ',')
    extraOwnerIds: empty(connectorRegistrationOwners) ? [] : split(connectorRegistrationOwners, ',')
  }
}

module functionApp 'app/function.bicep' = {
  name: 'function'
  scope: resourceGroup
  // The host reads its storage and sends telemetry as the identity: let the roles exist first.
  dependsOn: [
    access
  ]
  params: {
    name: functionAppName
    planName: '${abbreviations.plan}${resourceToken}'
    pythonVersion: pythonVersion
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    alwaysReadyInstances: alwaysReadyInstances
    httpPerInstanceConcurrency: httpPerInstanceConcurrency
    apiClientId: registrations.outputs.apiClientId
    apiIdentifierUri: registrations.outputs.apiIdentifierUri
    connectorClientId: registrations.outputs.connectorClientId
    connectorSource: connectorSource
    backendBaseUrl: backendBaseUrl
  }
}

// azd environment values. None is a secret: host names, ids and URIs only.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
// What the custom connector files are generated from (infra/hooks/postprovision.*).
output CONNECTOR_HOST string = functionApp.outputs.defaultHostName
output CONNECTOR_RESOURCE_URI string = registrations.outputs.apiIdentifierUri
output CONNECTOR_CLIENT_ID string = registrations.outputs.connectorClientId
output CONNECTOR_API_CLIENT_ID string = registrations.outputs.apiClientId
