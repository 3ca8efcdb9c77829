#!/bin/sh
# azd runs this after `azd provision` (and `azd up`), with the environment's values as variables:
# it writes the custom connector files for this environment, the solution that carries them and, once
# its OAuth registration id is set, the Sales agent's chat package, into .azure/<environment>/connector/.
# .azure/ is git-ignored: nothing generated for an environment is committed.
set -eu

: "${AZURE_ENV_NAME:?azd sets AZURE_ENV_NAME}"
: "${CONNECTOR_HOST:?missing: provision first (azd provision)}"
: "${CONNECTOR_CLIENT_ID:?missing: provision first (azd provision)}"
: "${CONNECTOR_RESOURCE_URI:?missing: provision first (azd provision)}"

# The project's own venv, with the developer's tools (created here the first time, as `make` would).
python=.venv/bin/python
if [ ! -x "$python" ]; then
  python3 -m venv .venv
  "$python" -m pip install --quiet -r requirements-dev.txt
fi

out=".azure/$AZURE_ENV_NAME/connector"
mkdir -p "$out"

"$python" -m connector openapi --host "$CONNECTOR_HOST" --client-id "$CONNECTOR_CLIENT_ID" \
  --resource-uri "$CONNECTOR_RESOURCE_URI" --out "$out/apiDefinition.swagger.json"

# The same connector as an importable Power Platform solution (<solution>_<version>.zip, in the same folder).
"$python" -m connector solution --host "$CONNECTOR_HOST" --client-id "$CONNECTOR_CLIENT_ID" \
  --resource-uri "$CONNECTOR_RESOURCE_URI" --out "$out/"

# The Sales agent's chat package (docs/agent.md), beside the solution: its tools sign in through the OAuth
# client registration a person makes in the Teams Developer Portal, whose id azd keeps as an environment value.
if [ -n "${CONNECTOR_OAUTH_REFERENCE_ID:-}" ]; then
  "$python" -m connector agent --host "$CONNECTOR_HOST" --resource-uri "$CONNECTOR_RESOURCE_URI" \
    --reference-id "$CONNECTOR_OAUTH_REFERENCE_ID" --out "$out/"
else
  echo "NOTE: no Sales agent package yet: register the OAuth client in the Teams Developer Portal, then"
  echo "      azd env set CONNECTOR_OAUTH_REFERENCE_ID <its registration id> && azd hooks run postprovision (docs/agent.md)"
fi

echo "Connector files for $AZURE_ENV_NAME: $out/ (import the .zip in Power Apps: openapi/README.md, section 0)"
