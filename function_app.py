"""The Azure Functions app: it registers the connector's blueprint and nothing else."""

import azure.functions as func

from connector.functions import blueprint

app = func.FunctionApp(http_auth_level=func.AuthLevel.FUNCTION)
app.register_functions(blueprint)
