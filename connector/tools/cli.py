"""Command line: `python -m connector serve|openapi|lint|check|check-backend`."""

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
        "check-backend",
        help="check the app settings as the app does at start, and show where each operation is forwarded",
    )

    from connector.tools.check.cli import add_arguments as add_check_arguments

    check = commands.add_parser("check", help="play Copilot for Sales against a deployed connector and report")
    add_check_arguments(check)

    args = parser.parse_args(argv)
    if args.command == "check-backend":
        return check_backend()
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


def check_backend() -> int:
    """The app settings as the app would take them at start (with local.settings.json), and the back end's."""
    from connector.settings import SettingError, Settings
    from connector.sources.backend.config import BackendConfig, describe
    from connector.tools.devhost import load_local_settings
    from connector.tools.startup import start_problem

    load_local_settings()
    problem = start_problem()
    if problem:
        print(f"The connector cannot start: {problem}", file=sys.stderr)
        return 2
    try:
        config = BackendConfig.from_settings(Settings.from_env())
    except SettingError as error:
        print(f"Back-end settings are not usable: {error}", file=sys.stderr)
        return 2
    print("\n".join(describe(config)))
    return 0
