// The user-assigned managed identity the function app runs as: it reaches the host storage, the
// deployment container and Application Insights, so that no key or connection secret is stored.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
