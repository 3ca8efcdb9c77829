"""The test side of the worker tier: starts `driver.py` in the worker environment and talks to it."""

from __future__ import annotations

import base64
import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

DRIVER = Path(__file__).resolve().parent / "driver.py"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]  # names lower-cased: HTTP header names are case-insensitive
    body: bytes


@dataclass(frozen=True)
class Call:
    """One HTTP request, sent both to the local host and, in the host's message shape, to the worker."""

    method: str
    path: str  # under the route prefix, with its query string: "/api/enhanceskills/activities?top=1"
    headers: dict[str, str]
    body: bytes = b""


class Worker:
    """Azure's Python worker library serving the app folder, in its own Python 3.13 process."""

    def __init__(self, python: Path, app_dir: Path, env: dict[str, str]) -> None:
        # The worker's own output, shown when something fails; closed with the process.
        self._log = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            [str(python), "-I", str(DRIVER), str(app_dir)],
            cwd=app_dir,
            env=env,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
        )
        self.indexed: dict[str, Any] = self._ask({"op": "index"})
        self.functions = {f["name"]: f for f in self.indexed["functions"]}

    def _ask(self, command: dict[str, Any]) -> dict[str, Any]:
        self._process.stdin.write(json.dumps(command) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the worker process ended:\n{self.output()}")
        return json.loads(line)

    def invoke(
        self, function: str, call: Call, *, host: str, body_as: str = "bytes", traceparent: str | None = None
    ) -> Answer:
        """Invoke `function` as the host does for `call` received at `host` ("127.0.0.1:7071")."""
        query = urlsplit(call.path).query
        params: dict[str, str] = {}
        for name, value in parse_qsl(query, keep_blank_values=True):  # the host joins repeats with commas
            params[name] = f"{params[name]},{value}" if name in params else value
        headers = {"Host": host, **call.headers}
        if call.body:
            headers["Content-Length"] = str(len(call.body))
        answer = self._ask(
            {
                "op": "invoke",
                "function_id": self.functions[function]["function_id"],
                "method": call.method,
                "url": f"http://{host}{call.path}",
                "headers": headers,
                "query": params,
                "body": base64.b64encode(call.body).decode(),
                "body_as": body_as,
                "traceparent": traceparent,
            }
        )
        if "failure" in answer:
            raise AssertionError(f"the worker failed the invocation:\n{answer['failure']}\n{self.output()}")
        return Answer(
            answer["status"], {k.lower(): v for k, v in answer["headers"].items()}, base64.b64decode(answer["body"])
        )

    def close(self, timeout: float = 60) -> int:
        """End the worker as the host does when it stops; its exit status."""
        if self._process.poll() is None:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        return self._process.returncode

    def __del__(self) -> None:
        self._log.close()

    def output(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-6000:]
