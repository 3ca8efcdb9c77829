"""Plays the Functions host against Azure's Python worker library, in the worker's own environment.

Run by the worker tier as `python -I driver.py APP_DIR` with the Python 3.13 environment's
interpreter. It speaks the worker protocol's messages to `azure_functions_runtime.handle_event`
(worker init, functions metadata, function load, invocation), the way the host's gRPC channel
delivers them, and answers the tests one JSON line per command on stdin:

- `{"op": "index"}`: init, metadata and a load of every function; what the worker reported.
- `{"op": "invoke", "function_id", "method", "url", "headers", "query", "body", "body_as", "traceparent"}`:
  one HTTP invocation with the host's `RpcHttp` shape; the worker's HTTP answer.

End of input ends the process normally, so `atexit` work (sending pending telemetry) runs as in Azure.
Only the standard library and the worker's own packages are imported here.
"""

import asyncio
import base64
import json
import os
import sys
import sysconfig
import time
import traceback
import types
import uuid
from importlib import import_module
from pathlib import Path


def load_protos() -> types.SimpleNamespace:
    """The protocol's message classes, shipped by `azure-functions-runtime-v1` under a top-level `tests`.

    Imported under a name of their own (the package's `__init__` also wants grpc, which the worker
    library does not need), and merged as the host's `protos` property offers them.
    """
    folder = Path(sysconfig.get_paths()["purelib"]) / "tests" / "protos"
    package = types.ModuleType("worker_protocol")
    package.__path__ = [str(folder)]
    sys.modules["worker_protocol"] = package
    merged = {}
    for name in ("FunctionRpc_pb2", "shared.NullableTypes_pb2"):
        module = import_module(f"worker_protocol.{name}")
        merged.update({k: v for k, v in vars(module).items() if not k.startswith("_")})
    return types.SimpleNamespace(**merged)


protos = load_protos()


class HostMessage:
    """What the proxy worker hands `handle_event`: the host's streaming message and its properties."""

    def __init__(self, **message) -> None:
        self.request = protos.StreamingMessage(request_id=str(uuid.uuid4()), **message)
        self.properties = {"host": "127.0.0.1", "protos": protos}


def _failure(result) -> str | None:
    if result.status == protos.StatusResult.Success:
        return None
    return f"{result.exception.message}\n{result.exception.stack_trace}"


async def index(handle_event, app_dir: str) -> dict:
    started, started_cpu = time.perf_counter(), time.process_time()
    init = await handle_event.worker_init_request(
        HostMessage(worker_init_request=protos.WorkerInitRequest(host_version="4.0.0", function_app_directory=app_dir))
    )
    answer = {"init_failure": _failure(init.result), "capabilities": dict(init.capabilities), "functions": []}
    if answer["init_failure"]:
        return answer
    metadata = await handle_event.functions_metadata_request(
        HostMessage(functions_metadata_request=protos.FunctionsMetadataRequest(function_app_directory=app_dir))
    )
    # What cold indexing costs (init plus metadata: the worker imports the app here), for the benchmarks.
    answer["indexing"] = {
        "ms": (time.perf_counter() - started) * 1000,
        "cpu_ms": (time.process_time() - started_cpu) * 1000,
    }
    answer["metadata_failure"] = _failure(metadata.result)
    for function in metadata.function_metadata_results:
        loaded = await handle_event.function_load_request(
            HostMessage(
                function_load_request=protos.FunctionLoadRequest(function_id=function.function_id, metadata=function)
            )
        )
        info = handle_event._functions.get_function(function.function_id)  # what the worker will bind
        answer["functions"].append(
            {
                "name": function.name,
                "function_id": function.function_id,
                "script_file": function.script_file,
                "entry_point": function.entry_point,
                "language": function.language,
                "worker_indexed": function.properties.get("worker_indexed"),
                "bindings": {
                    name: {"type": b.type, "direction": protos.BindingInfo.Direction.Name(b.direction)}
                    for name, b in function.bindings.items()
                },
                "raw_bindings": [json.loads(raw) for raw in function.raw_bindings],
                "load_failure": _failure(loaded.result),
                "requires_context": info.requires_context,
                "parameters": {name: t.pytype.__qualname__ for name, t in info.input_types.items()},
                "returns": info.return_type.pytype.__qualname__ if info.return_type else None,
            }
        )
    return answer


def _body(command: dict) -> dict:
    """The request body as the host sends it: bytes, or text it decoded (its JSON and text bodies)."""
    raw = base64.b64decode(command.get("body") or "")
    if not raw:
        return {}
    if command.get("body_as") == "string":
        return {"body": protos.TypedData(string=raw.decode("utf-8", "replace")), "rawBody": protos.TypedData(bytes=raw)}
    return {"body": protos.TypedData(bytes=raw), "rawBody": protos.TypedData(bytes=raw)}


async def invoke(handle_event, command: dict) -> dict:
    http = protos.RpcHttp(
        method=command["method"],
        url=command["url"],
        headers=command.get("headers") or {},
        query=command.get("query") or {},
        params=command.get("route_params") or {},
        **_body(command),
    )
    request = protos.InvocationRequest(
        invocation_id=str(uuid.uuid4()),
        function_id=command["function_id"],
        input_data=[protos.ParameterBinding(name="req", data=protos.TypedData(http=http))],
        trace_context=protos.RpcTraceContext(trace_parent=command.get("traceparent") or "", trace_state=""),
    )
    response = await handle_event.invocation_request(HostMessage(invocation_request=request))
    failure = _failure(response.result)
    if failure:
        return {"failure": failure}
    answer = response.return_value.http
    body = getattr(answer.body, answer.body.WhichOneof("data") or "bytes")
    return {
        "status": int(answer.status_code or 200),
        "headers": dict(answer.headers),
        "body": base64.b64encode(body.encode() if isinstance(body, str) else body).decode(),
    }


async def serve(app_dir: str, out) -> None:
    # As the host starts the worker: in the app's folder, which is importable.
    os.chdir(app_dir)
    sys.path.insert(0, app_dir)
    from azure_functions_runtime import handle_event

    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        command = json.loads(line)
        try:
            if command["op"] == "index":
                answer = await index(handle_event, app_dir)
            else:
                answer = await invoke(handle_event, command)
        except Exception:
            answer = {"failure": traceback.format_exc()}
        out.write(json.dumps(answer) + "\n")
        out.flush()


def main() -> None:
    # The protocol keeps the real stdout; whatever the app or the worker prints goes to stderr.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    asyncio.run(serve(os.path.abspath(sys.argv[1]), out))


if __name__ == "__main__":
    main()
