"""The Azure Functions app: it registers the connector's blueprint and nothing else.

The blueprint is built from the app settings here, once, when the worker indexes this file: a
setting that cannot work, or a partner source that lacks an operation, stops the start with one
line naming it.
"""

import azure.functions as func

from connector.functions import blueprint_from_environment

app = func.FunctionApp(http_auth_level=func.AuthLevel.FUNCTION)
app.register_functions(blueprint_from_environment())
