"""The Azure Functions app: it registers the connector's blueprint and nothing else."""

import azure.functions as func

from connector.auth import http_auth_level
from connector.functions import blueprint
from connector.settings import settings

# Function keys, unless Entra ID sign-in guards every call (CONNECTOR_REQUIRE_PRINCIPAL; see connector/auth.py).
app = func.FunctionApp(http_auth_level=http_auth_level(settings().require_principal))
app.register_functions(blueprint)
