#!/bin/sh
# azd runs this before `azd provision` (and `azd up`): one line, and a stop, when azd is older than the version
# this deployment needs. azd provisions with the Bicep it brings; the Microsoft Graph extension infra/bicepconfig.json
# pins (1.0.0) needs Bicep 0.36.1 or later, which azd 1.17.0 was the first to bring (its changelog).
set -eu

minimum=1.17.0

# `azd version` prints "azd version 1.17.0 (commit ...)".
version=$(azd version 2>/dev/null | sed -n 's/^azd version \([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' | head -n 1)
if [ -z "$version" ]; then
  echo "preprovision: could not read azd's version (azd version); this deployment needs azd $minimum or later" >&2
  exit 1
fi
oldest=$(printf '%s\n%s\n' "$version" "$minimum" | sort -t . -k 1,1n -k 2,2n -k 3,3n | head -n 1)
if [ "$version" != "$minimum" ] && [ "$oldest" = "$version" ]; then
  echo "preprovision: azd $version is too old for this deployment: install azd $minimum or later (https://aka.ms/azd)" >&2
  exit 1
fi
