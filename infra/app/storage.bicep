// The storage account the Functions host uses and the blob container the deployment package goes to.
// Shared-key access is disabled: the app reaches both as its managed identity (roles in access.bicep).
param name string
param location string
param tags object
param deploymentContainerName string

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  // checkov:skip=CKV_AZURE_35: no virtual network here, so the Flex Consumption host reaches the account over its public endpoint; the account accepts Entra ID tokens only (shared keys disabled)
  // checkov:skip=CKV_AZURE_59: as CKV_AZURE_35, the public endpoint stays on for the host; nothing is public (no anonymous blob access, no keys)
  // checkov:skip=CKV_AZURE_206: locally redundant on purpose: the account holds the host's leases and a package that every deployment uploads again, nothing to replicate
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

output name string = storage.name
