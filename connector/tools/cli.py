"""Command line: `python -m connector serve|openapi|lint|check|check-backend|backend-api|package`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m connector", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the function app locally, as `func start` does")
    serve.add_argument("--host", default="localhost")
    serve.add_argument("--port", type=int, default=7071)
    serve.add_argument("--threads", type=int, default=8)

    from connector.tools import identity, openapi

    generate = commands.add_parser("openapi", help="write the custom connector definition (Swagger 2.0)")
    generate.add_argument("--host", default=openapi.DEFAULT_HOST, help="the function app's host name")
    generate.add_argument("--title", default=openapi.DEFAULT_TITLE, help="the connector's name (≤ 30 characters)")
    generate.add_argument(
        "--email-summary", choices=("v1", "v2"), default="v2",
        help="which email summary action to carry (they share one description, so never both)",
    )
    generate.add_argument(
        "--client-id", default=identity.PLACEHOLDER_CLIENT_ID, help="the connector's Entra ID client app (a GUID)"
    )
    generate.add_argument(
        "--resource-uri", default=identity.PLACEHOLDER_RESOURCE_URI, help="the API's application ID URI (api://...)"
    )
    generate.add_argument(
        "--out", type=Path, default=openapi.DEFINITION_PATH, help="the definition; apiProperties.json goes beside it"
    )

    lint = commands.add_parser("lint", help="check a connector definition against certification and C4S rules")
    lint.add_argument("file", nargs="?", type=Path, default=openapi.DEFINITION_PATH)

    check_backend = commands.add_parser(
        "check-backend", help="describe the data source and, with --probe, call the back end for every operation"
    )
    check_backend.add_argument("--probe", action="store_true",
                               help="call the back end once per operation, through the real mapping, and report")
    check_backend.add_argument("--record", action="append", default=[], metavar="TYPE:ID",
                               help="a real record to ask about (default: a made-up account id)")
    check_backend.add_argument("--account-name", action="append", default=[], metavar="NAME",
                               help="an account name for key stakeholders (default: Contoso)")
    check_backend.add_argument("--language", default="en-US", metavar="ACCEPT_LANGUAGE",
                               help="the Accept-Language to send (default: en-US)")

    backend_api = commands.add_parser(
        "backend-api",
        help="write the partner references: the back-end API (docs/backend-api.md and its OpenAPI document) "
             "and the Source protocol in docs/source.md",
    )
    backend_api.add_argument("--out-dir", type=Path, default=None, help="where to write them (default: docs/)")

    from connector.tools.check.cli import add_arguments as add_check_arguments

    check = commands.add_parser("check", help="play Copilot for Sales against a deployed connector and report")
    add_check_arguments(check)

    package = commands.add_parser(
        "package", help="build the deployment zip (sources and requirements.txt, honouring .funcignore)"
    )
    package.add_argument("--out", type=Path, default=None, help="the zip to write (default: dist/function-app.zip)")

    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from connector.tools import openapi

    if args.command == "package":
        from connector.tools.package import DEFAULT_OUT, build_package

        print(f"Wrote {build_package(args.out or DEFAULT_OUT)}")
        return 0
    if args.command == "check-backend":
        from connector.tools.probe import check_backend as run_check_backend

        return run_check_backend(args.probe, args.record, args.account_name, args.language)
    if args.command == "backend-api":
        from connector.tools import source_protocol
        from connector.tools.backend_api import write

        for path in write(args.out_dir):
            print(f"Wrote {path}")
        if args.out_dir is None:
            print(f"Updated the protocol in {source_protocol.write()}")
        return 0
    if args.command == "serve":
        from connector.tools.devhost import serve as serve_app

        return serve_app(args.host, args.port, args.threads)
    elif args.command == "openapi":
        try:
            path = openapi.write_definition(
                args.out, host=args.host, title=args.title, email_summary=args.email_summary,
                client_id=args.client_id, resource_uri=args.resource_uri,
            )
        except ValueError as error:
            parser.error(str(error))
        print(f"Wrote {path}")
        return _lint(path)
    elif args.command == "lint":
        return _lint(args.file)
    elif args.command == "check":
        from connector.tools.check.cli import run as run_check

        return run_check(args)
    return 0


def _lint(path: Path) -> int:
    from connector.tools.lint import lint_file

    violations = lint_file(path)
    for violation in violations:
        print(violation, file=sys.stderr)
    if violations:
        print(f"{path}: {len(violations)} violation(s)", file=sys.stderr)
        return 1
    print(f"{path}: no violations")
    return 0
