# azd runs this before `azd provision` (and `azd up`) on Windows: one line, and a stop, when azd is older than the
# version this deployment needs. azd provisions with the Bicep it brings; the Microsoft Graph extension
# infra/bicepconfig.json pins (1.0.0) needs Bicep 0.36.1 or later, which azd 1.17.0 was the first to bring.
$ErrorActionPreference = 'Stop'

$minimum = '1.17.0'

# `azd version` prints "azd version 1.17.0 (commit ...)".
# No azd on PATH is the same case as an unreadable version: one line, not a PowerShell error record.
try { $printed = (azd version 2>$null) -join "`n" } catch { $printed = '' }
if ($printed -notmatch 'azd version (\d+\.\d+\.\d+)') {
    [Console]::Error.WriteLine("preprovision: could not read azd's version (azd version); this deployment needs azd $minimum or later")
    exit 1
}
$version = $Matches[1]
if ([version]$version -lt [version]$minimum) {
    [Console]::Error.WriteLine("preprovision: azd $version is too old for this deployment: install azd $minimum or later (https://aka.ms/azd)")
    exit 1
}
