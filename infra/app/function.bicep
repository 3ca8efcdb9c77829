// The function app: Flex Consumption (FC1), Linux, Python (`pythonVersion`), running as the user-assigned identity.
// App Service Authentication (Microsoft Entra ID) answers 401 to every call without a token for the
// API's app registration, and CONNECTOR_REQUIRE_PRINCIPAL makes the connector refuse any call it did
// not sign in, so the functions need no key (see connector/auth.py).
param name string
param planName string
@description('The Python version: functionAppConfig.runtime is where Flex Consumption takes it from (never linuxFxVersion).')
param pythonVersion string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param instanceMemoryMB int
param maximumInstanceCount int
param alwaysReadyInstances int
param httpPerInstanceConcurrency int
@description('The API app registration: its client id and application ID URI are the audiences a token may carry.')
param apiClientId string
param apiIdentifierUri string
@description('The custom connector\'s client app registration: the one application allowed to call.')
param connectorClientId string
param connectorSource string
param backendBaseUrl string

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  // checkov:skip=CKV_AZURE_225: zone redundancy is offered only in some Flex Consumption regions and adds cost; a partner turns it on where it is wanted
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

resource functionApp 'Microsoft.Web/sites@2023-12-01' = {
  // checkov:skip=CKV_AZURE_222: Power Platform calls the connector over the internet; App Service Authentication refuses every call without an Entra ID token for the API
  // checkov:skip=CKV_AZURE_17: callers prove who they are with Entra ID tokens; a custom connector cannot present a client certificate
  // checkov:skip=CKV_AZURE_212: Flex Consumption scales instances itself; alwaysReadyInstances keeps instances warm
  // checkov:skip=CKV_AZURE_213: Flex Consumption replaces its instances itself, and every route needs a signed-in caller, so there is no anonymous path to probe
  // checkov:skip=CKV_AZURE_78: Flex Consumption has no FTP and refuses siteConfig.ftpsState (tests/test_infra_types.py); the ftp publishing credential policy below is off too
  name: name
  location: location
  // azd deploys the `api` service (azure.yaml) to the app that carries this tag.
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        // `http` is the group of all HTTP-triggered functions: they share the always-ready instances.
        alwaysReady: (alwaysReadyInstances > 0) ? [
          {
            name: 'http'
            instanceCount: alwaysReadyInstances
          }
        ] : []
        triggers: {
          http: {
            perInstanceConcurrency: httpPerInstanceConcurrency
          }
        }
      }
      runtime: {
        name: 'python'
        version: pythonVersion
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  // checkov applies its whole-site checks to this config child resource too; the site's own are on functionApp above:
  // checkov:skip=CKV_AZURE_13: App Service Authentication is the authsettingsV2 resource in this file
  // checkov:skip=CKV_AZURE_63: HTTP logs are a site setting, not part of this child; requests reach Application Insights
  // checkov:skip=CKV_AZURE_65: as CKV_AZURE_63 (detailed error pages are never shown to callers; errors are ApiError bodies)
  // checkov:skip=CKV_AZURE_66: failed request tracing is a site setting, not part of this child; failures reach Application Insights
  // checkov:skip=CKV_AZURE_80: a site setting, and the app runs Python, not .NET Framework
  // checkov:skip=CKV_AZURE_88: Azure Files is not used: Flex Consumption runs the package from the blob container
  // checkov:skip=CKV_AZURE_222: public network access is a site property (see functionApp), not part of this child
  parent: functionApp
  name: 'appsettings'
  properties: union({
    // The host's storage, reached as the managed identity: no connection string, no key.
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    // Telemetry over Entra ID: the connection string locates the resource, the identity signs every send.
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    // One worker thread per concurrent call the instance takes: the pipeline is synchronous and each call
    // holds its thread until it answers, so fewer threads would queue calls inside their five seconds
    // (the capacity table in docs/benchmarks.md: twice as many callers as threads doubles p99).
    PYTHON_THREADPOOL_THREAD_COUNT: string(httpPerInstanceConcurrency)
    CONNECTOR_REQUIRE_PRINCIPAL: 'true'
    CONNECTOR_SOURCE: connectorSource
  }, empty(backendBaseUrl) ? {} : {
    BACKEND_BASE_URL: backendBaseUrl
  })
}

resource authentication 'Microsoft.Web/sites/config@2023-12-01' = {
  // checkov applies its whole-site checks to this config child resource too; the site's own are on functionApp above:
  // checkov:skip=CKV_AZURE_13: App Service Authentication is the authsettingsV2 resource in this file
  // checkov:skip=CKV_AZURE_63: HTTP logs are a site setting, not part of this child; requests reach Application Insights
  // checkov:skip=CKV_AZURE_65: as CKV_AZURE_63 (detailed error pages are never shown to callers; errors are ApiError bodies)
  // checkov:skip=CKV_AZURE_66: failed request tracing is a site setting, not part of this child; failures reach Application Insights
  // checkov:skip=CKV_AZURE_80: a site setting, and the app runs Python, not .NET Framework
  // checkov:skip=CKV_AZURE_88: Azure Files is not used: Flex Consumption runs the package from the blob container
  // checkov:skip=CKV_AZURE_222: public network access is a site property (see functionApp), not part of this child
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: apiClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            apiIdentifierUri
            apiClientId
          ]
          defaultAuthorizationPolicy: {
            allowedApplications: [
              connectorClientId
            ]
          }
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

// No publishing user name and password: deployments sign in with Entra ID (azd, Core Tools, the workflow).
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
