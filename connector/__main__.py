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

    commands.add_parser(
        "check-backend", help="check the back-end settings and show where each operation is forwarded"
    )

    args = parser.parse_args(argv)
    if args.command == "check-backend":
        return check_backend()
    if args.command == "serve":
        from connector.devhost import serve as serve_app

        serve_app(args.host, args.port, args.threads)
    return 0


def check_backend() -> int:
    from connector.devhost import load_local_settings
    from connector.settings import reload_settings
    from connector.sources.backend.config import BackendConfig, describe

    load_local_settings()
    try:
        config = BackendConfig.from_settings(reload_settings())
    except ValueError as error:
        print(f"Back-end settings are not usable: {error}", file=sys.stderr)
        return 2
    print("\n".join(describe(config)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
