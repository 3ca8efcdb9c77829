"""The Azure Functions app: it registers the connector's blueprint and nothing else.

The blueprint is built from the app settings here, once, when the worker indexes this file: a
setting that cannot work, or a partner source that lacks an operation, stops the start with one
line naming it.
"""

import azure.functions as func

from connector.auth import http_auth_level
from connector.functions import blueprint_from_settings
from connector.settings import Settings

settings = Settings.from_env()
blueprint = blueprint_from_settings(settings)
# Function keys, unless Entra ID sign-in guards every call (CONNECTOR_REQUIRE_PRINCIPAL; see connector/auth.py).
app = func.FunctionApp(http_auth_level=http_auth_level(settings.require_principal))
app.register_functions(blueprint)
