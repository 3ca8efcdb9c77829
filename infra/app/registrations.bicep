// The two Microsoft Entra ID app registrations, declared with the Microsoft Graph Bicep extension:
// - the API: what the function app's App Service Authentication accepts tokens for; it exposes the
//   delegated scope `user_impersonation`;
// - the connector's client: the custom connector signs users in with it (on-behalf-of login) and asks for
//   that scope. Its client secret is the one value a person creates by hand, in the portal, and types
//   into the custom connector: it is never declared, stored or output here.
// `uniqueName` makes each registration idempotent: provisioning again updates, never duplicates.
extension microsoftGraphV1

param apiUniqueName string
param clientUniqueName string
param displayName string
@description('Redirect URIs beyond Power Platform\'s global one, e.g. the per-connector URI the custom connector shows.')
param extraRedirectUris array = []
@description('Object ids of owners beside the deploying principal (e.g. the CI identity\'s service principal).')
param extraOwnerIds array = []

var scopeValue = 'user_impersonation'
var scopeId = guid(apiUniqueName, scopeValue)
// api://<appId> cannot be declared on the resource that creates the appId; api://<tenant id>/<name> is one
// of the forms Entra ID's identifier URI policy accepts, and is known before the app exists.
var apiIdentifierUri = 'api://${tenant().tenantId}/${apiUniqueName}'
// Where Power Platform returns after sign-in (custom connectors, global redirect), and its test
// counterpart, which connector certification asks the OAuth app to allow as well.
var powerPlatformRedirectUri = 'https://global.consent.azure-apim.net/redirect'
var powerPlatformTestRedirectUri = 'https://global-test.consent.azure-apim.net/redirect'
// Whoever deploys owns what it declares, so that an identity holding only Application.ReadWrite.OwnedBy (the CI
// identity) may update it again; `append` (the Graph extension's default) adds owners and never removes one.
var owners = {
  relationshipSemantics: 'append'
  relationships: union([deployer().objectId], extraOwnerIds)
}

resource api 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: apiUniqueName
  displayName: '${displayName} API'
  owners: owners
  signInAudience: 'AzureADMyOrg'
  identifierUris: [
    apiIdentifierUri
  ]
  api: {
    requestedAccessTokenVersion: 2
    oauth2PermissionScopes: [
      {
        id: scopeId
        value: scopeValue
        type: 'User'
        isEnabled: true
        adminConsentDisplayName: 'Call the Copilot for Sales connector API'
        adminConsentDescription: 'Lets the custom connector call the connector API as the signed-in user.'
        userConsentDisplayName: 'Call the Copilot for Sales connector API'
        userConsentDescription: 'Lets the custom connector call the connector API for you.'
      }
    ]
  }
}

resource apiServicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: api.appId
  owners: owners
}

resource connectorClient 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: clientUniqueName
  displayName: '${displayName} client'
  owners: owners
  signInAudience: 'AzureADMyOrg'
  web: {
    redirectUris: union([
      powerPlatformRedirectUri
      powerPlatformTestRedirectUri
    ], extraRedirectUris)
  }
  requiredResourceAccess: [
    {
      resourceAppId: api.appId
      resourceAccess: [
        {
          id: scopeId
          type: 'Scope'
        }
      ]
    }
  ]
}

resource connectorClientServicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: connectorClient.appId
  owners: owners
}

output apiClientId string = api.appId
output apiIdentifierUri string = apiIdentifierUri
output connectorClientId string = connectorClient.appId
