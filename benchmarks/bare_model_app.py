"""The bare app with one pydantic model: what pydantic's model machinery alone adds to a cold start.

`import pydantic` is lazy; the first `BaseModel` imports its schema builder and pydantic-core's
schema types, and the first validation builds a validator. This app does both and nothing else, so
its figures bound how close an app whose contract is pydantic models can come to the bare app.
"""

import azure.functions as func
from pydantic import BaseModel, ConfigDict


class Query(BaseModel):
    model_config = ConfigDict(defer_build=True)

    recordType: str
    recordId: str


app = func.FunctionApp(http_auth_level=func.AuthLevel.FUNCTION)


@app.route(route="enhanceskills/activities", methods=["GET"])
def record_summary(req: func.HttpRequest) -> func.HttpResponse:
    query = Query.model_validate(dict(req.params))
    return func.HttpResponse(query.model_dump_json(), mimetype="application/json")
