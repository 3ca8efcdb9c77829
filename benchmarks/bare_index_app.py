"""The floor indexing is judged against: `import azure.functions` and a FunctionApp with the app's functions.

What the worker needs to index an app of as many HTTP functions (the contract's seven and the Sales
agent's two), and nothing else: no pydantic, no model. They have the connector's names, routes and
methods (from the operation table, which imports no model) and answer fixed bytes.
"""

import azure.functions as func

from connector.contract import OPERATIONS_BY_KEY

app = func.FunctionApp(http_auth_level=func.AuthLevel.FUNCTION)


def _fixed(name: str):
    def handler(req: func.HttpRequest) -> func.HttpResponse:
        return func.HttpResponse('{"value":[],"hasMoreResults":false}', mimetype="application/json")

    handler.__name__ = name
    return handler


for _op in OPERATIONS_BY_KEY.values():
    app.function_name(name=_op.key)(app.route(route=_op.route, methods=[_op.method])(_fixed(_op.key)))
