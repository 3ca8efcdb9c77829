"""Command line: `python -m connector serve|...`."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m connector", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the function app locally, as `func start` does")
    serve.add_argument("--host", default="localhost")
    serve.add_argument("--port", type=int, default=7071)
    serve.add_argument("--threads", type=int, default=8)

    from connector.check.cli import add_arguments as add_check_arguments

    check = commands.add_parser("check", help="play Copilot for Sales against a deployed connector and report")
    add_check_arguments(check)

    args = parser.parse_args(argv)
    if args.command == "serve":
        from connector.devhost import serve as serve_app

        serve_app(args.host, args.port, args.threads)
    if args.command == "check":
        from connector.check.cli import run as run_check

        return run_check(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
