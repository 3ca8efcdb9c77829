"""Command line: `python -m connector serve|openapi|lint|check|check-backend|package`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
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

    commands.add_parser(
        "check-backend", help="check the back-end settings and show where each operation is forwarded"
    )

    from connector.tools.check.cli import add_arguments as add_check_arguments

    check = commands.add_parser("check", help="play Copilot for Sales against a deployed connector and report")
    add_check_arguments(check)

    package = commands.add_parser("package", help="build the deployment zip (sources and requirements.txt, honouring .funcignore)")
    package.add_argument("--out", type=Path, default=None, help="the zip to write (default: dist/function-app.zip)")

    args = parser.parse_args(argv)
    if args.command == "package":
        from connector.tools.package import DEFAULT_OUT, build_package

        print(f"Wrote {build_package(args.out or DEFAULT_OUT)}")
        return 0
    if args.command == "check-backend":
        return check_backend()
    if args.command == "serve":
        from connector.tools.devhost import serve as serve_app

        serve_app(args.host, args.port, args.threads)
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


def check_backend() -> int:
    from connector.settings import reload_settings
    from connector.sources.backend.config import BackendConfig, describe
    from connector.tools.devhost import load_local_settings

    load_local_settings()
    try:
        config = BackendConfig.from_settings(reload_settings())
    except ValueError as error:
        print(f"Back-end settings are not usable: {error}", file=sys.stderr)
        return 2
    print("\n".join(describe(config)))
    return 0
