# azd runs this after `azd provision` (and `azd up`) on Windows, with the environment's values as variables:
# it writes the custom connector files for this environment, the solution that carries them and, once
# its OAuth registration id is set, the Sales agent's chat package, into .azure/<environment>/connector/.
# .azure/ is git-ignored: nothing generated for an environment is committed.
$ErrorActionPreference = 'Stop'

foreach ($name in 'AZURE_ENV_NAME', 'CONNECTOR_HOST', 'CONNECTOR_CLIENT_ID', 'CONNECTOR_RESOURCE_URI') {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "missing: $name (provision first: azd provision)" }
}

# The project's own venv, with the developer's tools (created here the first time).
$python = '.venv/Scripts/python.exe'
if (-not (Test-Path $python)) {
    python -m venv .venv
    & $python -m pip install --quiet -r requirements-dev.txt
    if ($LASTEXITCODE -ne 0) { throw 'pip install failed' }
}

$out = ".azure/$env:AZURE_ENV_NAME/connector"
New-Item -ItemType Directory -Force -Path $out | Out-Null

& $python -m connector openapi --host $env:CONNECTOR_HOST --client-id $env:CONNECTOR_CLIENT_ID `
    --resource-uri $env:CONNECTOR_RESOURCE_URI --out "$out/apiDefinition.swagger.json"
if ($LASTEXITCODE -ne 0) { throw 'python -m connector openapi failed' }

# The same connector as an importable Power Platform solution (<solution>_<version>.zip, in the same folder).
& $python -m connector solution --host $env:CONNECTOR_HOST --client-id $env:CONNECTOR_CLIENT_ID `
    --resource-uri $env:CONNECTOR_RESOURCE_URI --out "$out/"
if ($LASTEXITCODE -ne 0) { throw 'python -m connector solution failed' }

# The Sales agent's chat package (docs/agent.md), beside the solution: its tools sign in through the OAuth
# client registration a person makes in the Teams Developer Portal, whose id azd keeps as an environment value.
if ($env:CONNECTOR_OAUTH_REFERENCE_ID) {
    & $python -m connector agent --host $env:CONNECTOR_HOST --resource-uri $env:CONNECTOR_RESOURCE_URI `
        --reference-id $env:CONNECTOR_OAUTH_REFERENCE_ID --out "$out/"
    if ($LASTEXITCODE -ne 0) { throw 'python -m connector agent failed' }
} else {
    Write-Output 'NOTE: no Sales agent package yet: register the OAuth client in the Teams Developer Portal, then'
    Write-Output '      azd env set CONNECTOR_OAUTH_REFERENCE_ID <its registration id> && azd hooks run postprovision (docs/agent.md)'
}

Write-Output "Connector files for ${env:AZURE_ENV_NAME}: $out/ (import the .zip in Power Apps: openapi/README.md, section 0)"
