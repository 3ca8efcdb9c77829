"""A local Application Insights ingestion endpoint: records what the exporters send.

It answers as the real one does (`POST <endpoint>/v2.1/track`, a JSON array or newline-delimited JSON
of envelopes, maybe gzipped), or hangs, or fails, to show that telemetry never holds up a call.
With `tls=True` it serves HTTPS with a certificate made for 127.0.0.1 (trust it through `ca_file`):
the Azure SDKs send an Entra ID bearer token over HTTPS only.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import ssl
import tempfile
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from tests.support.loopback import LoopbackServer

OPENTELEMETRY_INSTALLED = importlib.util.find_spec("azure.monitor.opentelemetry") is not None
# Every telemetry backend (CONNECTOR_TELEMETRY_BACKEND), for the tests that run against each.
BACKENDS = [
    "opencensus",
    pytest.param(
        "opentelemetry",
        marks=pytest.mark.skipif(
            not OPENTELEMETRY_INSTALLED,
            reason="azure-monitor-opentelemetry is not installed (pip install -r requirements-opentelemetry.txt)",
        ),
    ),
]


class IngestionEndpoint:
    """`mode` is "record" (accept everything), "hang" (answer nothing until released) or "fail" (503)."""

    def __init__(self, tls: bool = False) -> None:
        self.mode = "record"
        self.payloads: list[bytes] = []  # every body received, decompressed
        self.paths: list[str] = []
        self.authorizations: list[str | None] = []  # the Authorization header of every post
        self.ca_file: str | None = None
        self.attempts = 0  # posts received, whatever the mode
        self.released = threading.Event()
        self._lock = threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                if self.headers.get("content-encoding", "").lower() == "gzip":
                    body = gzip.decompress(body)
                with endpoint._lock:
                    endpoint.attempts += 1
                    endpoint.authorizations.append(self.headers.get("authorization"))
                if endpoint.mode == "hang":
                    endpoint.released.wait()
                    return
                with endpoint._lock:
                    endpoint.payloads.append(body)
                    endpoint.paths.append(self.path)
                if endpoint.mode == "fail":
                    self.send_response(503)
                    self.end_headers()
                    return
                count = len(_envelopes(body))
                answer = json.dumps({"itemsReceived": count, "itemsAccepted": count, "errors": []}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

        self._server = LoopbackServer(("127.0.0.1", 0), Handler)
        self._scheme = "http"
        if tls:
            self._scheme = "https"
            self._tls_files = tempfile.TemporaryDirectory()
            certificate, key = _self_signed_certificate(self._tls_files.name)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certificate, key)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
            self.ca_file = certificate
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"{self._scheme}://127.0.0.1:{self._server.server_address[1]}"  # no trailing slash

    @property
    def connection_string(self) -> str:
        return (
            "InstrumentationKey=00000000-0000-0000-0000-000000000001;"
            f"IngestionEndpoint={self.url};LiveEndpoint={self.url}"
        )

    def envelopes(self) -> list[dict[str, Any]]:
        with self._lock:
            return [envelope for body in self.payloads for envelope in _envelopes(body)]

    def items(self, kind: str) -> list[dict[str, Any]]:
        """Envelopes of one kind ("Request", "RemoteDependency", "Exception", "Message")."""
        return [e for e in self.envelopes() if e.get("name", "").endswith(f".{kind}")]

    def close(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()
        if self.ca_file:
            self._tls_files.cleanup()


def _self_signed_certificate(folder: str) -> tuple[str, str]:
    """A certificate and key for 127.0.0.1, valid for a day, written to `folder`."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    certificate_path, key_path = f"{folder}/ingestion.pem", f"{folder}/ingestion.key"
    with open(certificate_path, "wb") as file:
        file.write(certificate.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as file:
        file.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return certificate_path, key_path


def _envelopes(body: bytes) -> list[dict[str, Any]]:
    text = body.decode("utf-8").strip()
    if not text:
        return []
    if text.startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]
