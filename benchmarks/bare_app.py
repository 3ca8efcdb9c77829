"""The floor a cold start is judged against: a Functions app with one bare handler, pydantic imported.

What any Python Functions app that validates with pydantic pays before its first answer: `import
azure.functions, pydantic`, a `FunctionApp`, indexing, and one handler that answers fixed bytes.
"""

import azure.functions as func
import pydantic  # noqa: F401 - part of the floor: `import azure.functions, pydantic`

app = func.FunctionApp(http_auth_level=func.AuthLevel.FUNCTION)


@app.route(route="enhanceskills/activities", methods=["GET"])
def record_summary(req: func.HttpRequest) -> func.HttpResponse:
    return func.HttpResponse('{"value":[],"hasMoreResults":false}', mimetype="application/json")
