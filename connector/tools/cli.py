"""Command line: `python -m connector serve|openapi|solution|agent|certify|lint|check|check-backend|backend-api|package`."""

from __future__ import annotations

import argparse
import os
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

# The azd environment values of a deployment (its postprovision hook exports them): the solution's
# defaults, so that a build after `azd up` targets that deployment without retyping them.
ENVIRONMENT_DEFAULTS = {
    "host": "CONNECTOR_HOST",
    "client_id": "CONNECTOR_CLIENT_ID",
    "resource_uri": "CONNECTOR_RESOURCE_URI",
    "reference_id": "CONNECTOR_OAUTH_REFERENCE_ID",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m connector", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the function app locally, as `func start` does")
    from connector.tools import devhost, identity, openapi

    serve.add_argument("--host", default=devhost.DEFAULT_HOST)
    serve.add_argument("--port", type=int, default=devhost.DEFAULT_PORT)
    serve.add_argument("--threads", type=int, default=devhost.DEFAULT_THREADS)

    generate = commands.add_parser("openapi", help="write the custom connector definition (Swagger 2.0)")
    generate.add_argument("--host", default=openapi.DEFAULT_HOST, help="the function app's host name")
    generate.add_argument("--title", default=openapi.DEFAULT_TITLE, help="the connector's name (≤ 30 characters)")
    generate.add_argument(
        "--email-summary",
        choices=("v1", "v2"),
        default="v2",
        help="which email summary action to carry (they share one description, so never both)",
    )
    generate.add_argument(
        "--client-id", default=identity.PLACEHOLDER_CLIENT_ID, help="the connector's Entra ID client app (a GUID)"
    )
    generate.add_argument(
        "--resource-uri", default=identity.PLACEHOLDER_RESOURCE_URI, help="the API's application ID URI (api://...)"
    )
    generate.add_argument("--description", default=identity.DESCRIPTION, help="the connector's description")
    generate.add_argument(
        "--out",
        type=Path,
        default=openapi.DEFINITION_PATH,
        help="the definition; apiProperties.json, icon.png and paconn's settings.json go beside it",
    )

    solution = commands.add_parser(
        "solution", help="build the connector as an importable Power Platform solution (unmanaged zip)"
    )
    add_solution_arguments(solution)

    agent = commands.add_parser(
        "agent", help="build the Sales agent's chat package (a Microsoft 365 app with a declarative agent)"
    )
    add_agent_arguments(agent)

    certify = commands.add_parser(
        "certify",
        help="write the certification submission: the certified-connectors folder, intro.md and the portal package",
    )
    add_certify_arguments(certify)

    lint = commands.add_parser(
        "lint",
        help="check a connector definition, a solution zip or an agent package against certification and C4S rules",
    )
    lint.add_argument(
        "file",
        nargs="?",
        type=Path,
        default=openapi.DEFINITION_PATH,
        help="apiDefinition.swagger.json (apiProperties.json beside it is checked too), a solution zip or an agent "
        "package; with --certification also a submission folder, a portal package or an intro.md",
    )
    lint.add_argument(
        "--certification",
        action="store_true",
        help="apply every offline certification rule (each citing its source), with Copilot for Sales' "
        "expected waivers: for what `connector certify` writes",
    )

    check_backend = commands.add_parser(
        "check-backend", help="describe the data source and, with --probe, call the back end for every operation"
    )
    check_backend.add_argument(
        "--probe",
        action="store_true",
        help="call the back end once per operation, through the real mapping, and report",
    )
    check_backend.add_argument(
        "--record",
        action="append",
        default=[],
        metavar="TYPE:ID",
        help="a real record to ask about (default: a made-up account id)",
    )
    check_backend.add_argument(
        "--account-name",
        action="append",
        default=[],
        metavar="NAME",
        help="an account name for key stakeholders (default: Contoso)",
    )
    check_backend.add_argument(
        "--language", default="en-US", metavar="ACCEPT_LANGUAGE", help="the Accept-Language to send (default: en-US)"
    )

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
                args.out,
                host=args.host,
                title=args.title,
                email_summary=args.email_summary,
                description=args.description,
                client_id=args.client_id,
                resource_uri=args.resource_uri,
            )
        except ValueError as error:
            parser.error(str(error))
        print(f"Wrote {path}")
        return _lint(path)
    elif args.command == "solution":
        return build_solution(parser, args)
    elif args.command == "agent":
        return build_agent_package(parser, args)
    elif args.command == "certify":
        return build_certification(parser, args)
    elif args.command == "lint":
        if args.certification:
            return _lint_certification(args.file)
        return _lint(args.file)
    elif args.command == "check":
        from connector.tools.check.cli import run as run_check

        return run_check(args)
    return 0


def environment(option: str, placeholder: str) -> str:
    """The azd environment value for `option` when it is set, else the placeholder."""
    value = (os.environ.get(ENVIRONMENT_DEFAULTS[option]) or "").strip()
    if option == "host" and "://" in value:  # a URL where a host name is meant: keep its host
        value = urlsplit(value).netloc
    return value or placeholder


def add_host_argument(group: argparse._ArgumentGroup) -> None:
    """`--host`, defaulting to the azd environment's CONNECTOR_HOST (the solution's and the agent's)."""
    from connector.tools import openapi

    group.add_argument(
        "--host",
        default=environment("host", openapi.DEFAULT_HOST),
        help="the function app's host name (the base path is host.json's route prefix)",
    )


def output_path(out: str | None, default_name: str) -> Path | None:
    """`--out` as a file; a folder (existing, or written with a trailing slash) takes the default name."""
    if out is None:
        return None
    path = Path(out)
    return path / default_name if path.is_dir() or out.endswith(("/", os.sep)) else path


def add_agent_arguments(parser: argparse.ArgumentParser) -> None:
    from connector.tools import identity
    from connector.tools.agent.build import PLACEHOLDER_REFERENCE_ID

    deployment = parser.add_argument_group(
        "the deployment",
        "defaults: the azd environment values CONNECTOR_HOST, CONNECTOR_RESOURCE_URI and "
        "CONNECTOR_OAUTH_REFERENCE_ID when set, else placeholders that the command flags",
    )
    add_host_argument(deployment)
    deployment.add_argument(
        "--resource-uri",
        default=environment("resource_uri", identity.PLACEHOLDER_RESOURCE_URI),
        help="the API's application ID URI (api://...): the tools ask for its user_impersonation scope",
    )
    deployment.add_argument(
        "--reference-id",
        default=environment("reference_id", PLACEHOLDER_REFERENCE_ID),
        help="the OAuth client registration id from the Teams Developer Portal (the plugin vault's reference_id)",
    )
    parser.add_argument("--app-id", help="the app's id, a GUID (default: derived from the host)")
    parser.add_argument("--version", dest="app_version", help="the app's version, major.minor.patch")
    parser.add_argument("--out", help="the zip, or a folder to write it in (default: dist/<name>-agent_<version>.zip)")


def build_agent_package(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from connector.tools.agent.build import AgentOptions, default_path, write_agent

    chosen = {"app_id": args.app_id, "version": args.app_version}
    try:
        options = AgentOptions(
            host=args.host,
            resource_uri=args.resource_uri,
            reference_id=args.reference_id,
            **{key: value for key, value in chosen.items() if value is not None},
        )
        path = write_agent(options, output_path(args.out, default_path(options).name))
    except ValueError as error:
        parser.error(str(error))
    print(f"Wrote {path} (app {options.manifest_id} {options.version}, for https://{options.host})")
    if missing := options.placeholders():
        print(
            f"PLACEHOLDER {', '.join(missing)}: the package uploads, but its tools cannot sign in or call your "
            "function app. Build again with --host, --resource-uri and --reference-id (docs/agent.md).",
            file=sys.stderr,
        )
    return _lint(path)


def add_solution_arguments(parser: argparse.ArgumentParser) -> None:
    from connector.tools import identity

    deployment = parser.add_argument_group(
        "the deployment",
        "defaults: the azd environment values CONNECTOR_HOST, CONNECTOR_CLIENT_ID and "
        "CONNECTOR_RESOURCE_URI when set, else placeholders that the solution's name and description flag",
    )
    add_host_argument(deployment)
    deployment.add_argument(
        "--client-id",
        default=environment("client_id", identity.PLACEHOLDER_CLIENT_ID),
        help="the connector's Entra ID client app (a GUID)",
    )
    deployment.add_argument(
        "--resource-uri",
        default=environment("resource_uri", identity.PLACEHOLDER_RESOURCE_URI),
        help="the API's application ID URI (api://...)",
    )
    deployment.add_argument(
        "--email-summary",
        choices=("v1", "v2"),
        default="v2",
        help="which email summary action to carry (as `connector openapi`)",
    )
    connector = parser.add_argument_group("the connector")
    connector.add_argument(
        "--title",
        "--display-name",
        dest="title",
        default=identity.TITLE,
        help="the connector's display name (≤ 30 characters)",
    )
    connector.add_argument("--description", default=identity.DESCRIPTION, help="the connector's description")
    publisher = parser.add_argument_group("the publisher")
    publisher.add_argument("--publisher", help="unique name (default: identity.PUBLISHER in letters and digits)")
    publisher.add_argument("--publisher-display-name", default=identity.PUBLISHER, help="display name")
    publisher.add_argument(
        "--prefix",
        default=identity.CUSTOMIZATION_PREFIX,
        help="customization prefix, 2 to 8 lower-case letters or digits (starts the connector's name)",
    )
    publisher.add_argument("--option-value-prefix", type=int, help="10000 to 99999 (default: derived from the prefix)")
    solution = parser.add_argument_group("the solution")
    solution.add_argument("--solution", help="unique name (default: the title in letters and digits)")
    solution.add_argument("--solution-display-name", help="display name (default: the title)")
    solution.add_argument("--solution-version", help="major.minor.build.revision (default: the project's version)")
    parser.add_argument("--out", help="the zip, or a folder to write it in (default: dist/<solution>_<version>.zip)")


def build_solution(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from connector.tools.solution.build import SolutionOptions, default_path, write_solution

    chosen = {
        "publisher": args.publisher,
        "option_value_prefix": args.option_value_prefix,
        "solution": args.solution,
        "solution_display_name": args.solution_display_name,
        "version": args.solution_version,
    }
    try:
        options = SolutionOptions(
            host=args.host,
            client_id=args.client_id,
            resource_uri=args.resource_uri,
            email_summary=args.email_summary,
            title=args.title,
            description=args.description,
            publisher_display_name=args.publisher_display_name,
            prefix=args.prefix,
            **{key: value for key, value in chosen.items() if value is not None},
        )
        path = write_solution(options, output_path(args.out, default_path(options).name))
    except ValueError as error:
        parser.error(str(error))
    print(
        f"Wrote {path} (solution {options.solution_name} {options.solution_version}, "
        f"connector {options.connector_name})"
    )
    if missing := options.placeholders():
        print(
            f"PLACEHOLDER {', '.join(missing)}: the solution imports, but its connector cannot sign in or call "
            "your function app. Build again with --host, --client-id and --resource-uri (or after `azd up`).",
            file=sys.stderr,
        )
    return _lint(path)


def add_certify_arguments(parser: argparse.ArgumentParser) -> None:
    from connector.tools import identity
    from connector.tools.certify.build import DEFAULT_OUT

    required = parser.add_argument_group("the publisher (required: a submission never carries placeholders)")
    required.add_argument(
        "--host",
        default=environment("host", ""),
        help="the production function app's host name (default: the azd environment's CONNECTOR_HOST)",
    )
    required.add_argument("--publisher", default="", help="the publishing company (publisher and stack owner)")
    required.add_argument("--website", default="", help="the publisher's website (https://...)")
    required.add_argument("--privacy", default="", help="the privacy policy's URL (https://...)")
    required.add_argument("--contact-name", default="", help="who supports the connector (info.contact.name)")
    required.add_argument("--contact-email", default="", help="the support address (info.contact.email)")
    optional = parser.add_argument_group("optional")
    optional.add_argument("--contact-url", default="", help="the support page (default: --website)")
    optional.add_argument(
        "--stack-owner", default="", help="default: --publisher (a verified publisher owns its stack)"
    )
    optional.add_argument(
        "--title", default="", help="the connector's name, ≤ 30 characters (default: '<publisher> Sales Insights')"
    )
    optional.add_argument("--description", default=identity.DESCRIPTION, help="the connector's description")
    optional.add_argument(
        "--client-id",
        default=environment("client_id", identity.PLACEHOLDER_CLIENT_ID),
        help="the connector's Entra ID client app (default: the azd environment's CONNECTOR_CLIENT_ID)",
    )
    optional.add_argument(
        "--resource-uri",
        default=environment("resource_uri", identity.PLACEHOLDER_RESOURCE_URI),
        help="the API's application ID URI (default: the azd environment's CONNECTOR_RESOURCE_URI)",
    )
    optional.add_argument("--email-summary", choices=("v1", "v2"), default="v2", help="as `connector openapi`")
    optional.add_argument(
        "--prefix", default="", help="the solutions' customization prefix (default: from --publisher)"
    )
    optional.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="the folder to write (default: dist/certification)"
    )


def build_certification(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from connector.tools.certify.build import write_submission
    from connector.tools.certify.options import CertifyOptions

    try:
        options = CertifyOptions(
            host=args.host,
            publisher=args.publisher,
            website=args.website,
            privacy_policy=args.privacy,
            contact_name=args.contact_name,
            contact_email=args.contact_email,
            contact_url=args.contact_url,
            stack_owner=args.stack_owner,
            title=args.title,
            description=args.description,
            client_id=args.client_id,
            resource_uri=args.resource_uri,
            email_summary=args.email_summary,
            prefix=args.prefix,
        )
        written = write_submission(options, args.out)
    except ValueError as error:
        parser.error(str(error))
    for path in written:
        print(f"Wrote {path}")
    return _lint_certification(args.out)


def _lint_certification(path: Path) -> int:
    from connector.tools.certify.rules import certification_findings, report

    if not path.exists():
        print(f"{path}: no such file or folder", file=sys.stderr)
        return 2
    return report(certification_findings(path), path)


def _lint(path: Path) -> int:
    """Lint a definition (and its apiProperties.json), a solution zip or an agent package; print each violation."""
    from connector.tools.agent.read import is_agent_package, lint_agent
    from connector.tools.lint import lint_file
    from connector.tools.solution.read import lint_solution

    if not path.is_file():
        print(f"{path}: no such file", file=sys.stderr)
        return 2
    if not zipfile.is_zipfile(path):
        violations = lint_file(path)
    else:
        violations = lint_agent(path) if is_agent_package(path) else lint_solution(path)
    for violation in violations:
        print(violation, file=sys.stderr)
    if violations:
        print(f"{path}: {len(violations)} violation(s)", file=sys.stderr)
        return 1
    print(f"{path}: no violations")
    return 0
