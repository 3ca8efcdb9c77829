"""The certification submission: what `connector certify` writes, read back as Microsoft's reviewers and
scripts read it; the refusal of placeholders; and `lint --certification` failing on each rule broken on purpose."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from connector.contract import OPERATIONS
from connector.host import route_prefix
from connector.tools.certify import documents
from connector.tools.certify.options import CertifyOptions
from connector.tools.certify.rules import RULES, certification_findings
from connector.tools.check.calls import Subject, plan
from connector.tools.cli import main
from connector.tools.solution.build import zip_bytes

PUBLISHER = "Contoso"
TITLE = "Contoso Sales Insights"
REAL = {
    "--host": "contoso-insights.azurewebsites.net",
    "--publisher": PUBLISHER,
    "--website": "https://www.contoso.com",
    "--privacy": "https://www.contoso.com/privacy",
    "--contact-name": "Contoso support",
    "--contact-email": "support@contoso.com",
    "--client-id": "3c9f1d2e-8a47-4b6e-9f0a-5d2c7e1b4a86",
    "--resource-uri": "api://contoso-insights-api",
}
PACKAGE = "ContosoSalesInsights_certification.zip"
INNER = "ContosoSalesInsights.pdpkg.zip"
CONNECTOR_ZIP = "PkgAssets/ContosoSalesInsights_0_1_0_0.zip"
FLOW_ZIP = "PkgAssets/ContosoSalesInsightsFlow_0_1_0_0.zip"


def arguments(values: dict[str, str]) -> list[str]:
    return [part for option, value in values.items() for part in (option, value)]


@pytest.fixture(autouse=True)
def no_deployment(monkeypatch):
    """The azd environment values are defaults: a test states every value itself."""
    for name in ("CONNECTOR_HOST", "CONNECTOR_CLIENT_ID", "CONNECTOR_RESOURCE_URI"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def submission(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("certification")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("CONNECTOR_HOST", "CONNECTOR_CLIENT_ID", "CONNECTOR_RESOURCE_URI"):
            patch.delenv(name, raising=False)
        assert main(["certify", *arguments(REAL), "--out", str(out)]) == 0
    return out


@pytest.fixture
def copy(submission, tmp_path) -> Path:
    """A writable copy of the good submission, to break on purpose."""
    return Path(shutil.copytree(submission, tmp_path / "copy"))


def folder(out: Path) -> Path:
    return out / "certified-connectors" / TITLE


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def failures(out: Path, rule: str | None = None) -> list:
    found = [f for f in certification_findings(out) if not f.waiver]
    return [f for f in found if rule is None or f.rule == rule]


# --- what certify writes ----------------------------------------------------------------------


def test_certify_writes_the_folder_intro_icon_settings_and_package_and_they_pass_every_rule(submission, capsys):
    names = sorted(p.relative_to(submission).as_posix() for p in submission.rglob("*") if p.is_file())
    assert names == sorted(
        [
            f"certified-connectors/{TITLE}/apiDefinition.swagger.json",
            f"certified-connectors/{TITLE}/apiProperties.json",
            f"certified-connectors/{TITLE}/readme.md",
            "intro.md",
            "icon.png",
            "settings.json",
            PACKAGE,
        ]
    )
    assert failures(submission) == []
    assert main(["lint", "--certification", str(submission)]) == 0
    out = capsys.readouterr().out
    assert "0 failure(s)" in out
    # The expected waivers, each with its reason and its source.
    assert re.search(
        r"WAIVED .*operationId: \[operation-id-sanitized\] 'scp-get-related-activities'.*-- expected: ", out
    )
    assert re.search(r"WAIVED .*\[product-names\] writes 'copilot for sales'.*the contract's fixed text", out)
    assert re.search(r"WAIVED .*redirectMode: \[json-schema\] 'GlobalPerConnector'.*reviewers ask for it", out)
    for rule, source in RULES.items():
        assert f"  {rule}: {source}" in out


def test_the_definition_carries_the_publishers_host_contact_and_metadata(submission):
    definition = json.loads((folder(submission) / "apiDefinition.swagger.json").read_text())
    assert definition["host"] == REAL["--host"]
    assert definition["info"]["title"] == TITLE
    assert definition["info"]["contact"] == {
        "name": "Contoso support",
        "url": "https://www.contoso.com",
        "email": "support@contoso.com",
    }
    metadata = {m["propertyName"]: m["propertyValue"] for m in definition["x-ms-connector-metadata"]}
    assert metadata["Website"] == "https://www.contoso.com"
    assert metadata["Privacy policy"] == "https://www.contoso.com/privacy"
    # Every property of every schema has its display name.
    text = json.dumps(definition)
    assert text.count('"properties": {') > 5 and not failures(submission, "x-ms-summary")


def test_api_properties_name_the_publisher_and_sign_in_on_behalf_of_the_user(submission):
    properties = json.loads((folder(submission) / "apiProperties.json").read_text())["properties"]
    assert (properties["publisher"], properties["stackOwner"]) == (PUBLISHER, PUBLISHER)
    oauth = properties["connectionParameters"]["token"]["oAuthSettings"]
    assert oauth["identityProvider"] == "aad" and oauth["clientId"] == REAL["--client-id"]
    assert oauth["properties"]["IsOnbehalfofLoginSupported"] is True
    assert oauth["customParameters"]["enableOnbehalfOfLogin"] == {"value": "true"}
    assert "clientSecret" not in json.dumps(properties)


def test_the_package_is_what_connector_package_validator_accepts(submission):
    outer = entries((submission / PACKAGE).read_bytes())
    assert sorted(outer) == sorted(["intro.md", INNER])  # no folder, one .md, one .zip
    inner = entries(outer[INNER])
    assert {name.split("/", 1)[0] for name in inner} == {"PkgAssets"}
    assert sorted(n for n in inner if n.endswith(".zip")) == sorted([CONNECTOR_ZIP, FLOW_ZIP])
    kinds = {}
    for name in (CONNECTOR_ZIP, FLOW_ZIP):
        solution = entries(inner[name])
        assert {"[Content_Types].xml", "customizations.xml", "solution.xml"} <= set(solution)
        customizations = ET.fromstring(solution["customizations.xml"])
        has_workflows = len(customizations.find("Workflows")) > 0
        assert any(n.startswith("Connector/") for n in solution)
        assert has_workflows == any(n.startswith("Workflows/") for n in solution)
        kinds[name] = "flow" if has_workflows else "connector"
    assert kinds == {CONNECTOR_ZIP: "connector", FLOW_ZIP: "flow"}
    import_config = ET.fromstring(inner["PkgAssets/ImportConfig.xml"])
    assert [e.get("solutionpackagefilename") for e in import_config.iter("configsolutionfile")] == [
        CONNECTOR_ZIP.split("/")[1],
        FLOW_ZIP.split("/")[1],
    ]


def test_the_flow_calls_every_action_through_a_connection_reference_to_the_custom_connector(submission):
    inner = entries(entries((submission / PACKAGE).read_bytes())[INNER])
    solution = entries(inner[FLOW_ZIP])
    customizations = ET.fromstring(solution["customizations.xml"])
    [workflow] = customizations.findall("Workflows/Workflow")
    path = workflow.findtext("JsonFileName").lstrip("/")
    assert re.fullmatch(r"Workflows/\w+-[0-9A-F-]{36}\.json", path)
    assert (workflow.findtext("Category"), workflow.findtext("Type"), workflow.findtext("PrimaryEntity")) == (
        "5",
        "1",
        "none",
    )
    [reference] = customizations.iter("connectionreference")
    connector = customizations.find("Connectors/Connector")
    assert reference.findtext("customconnectorid/connectorid") == connector.findtext("connectorid")
    api = reference.findtext("connectorid").rsplit("/", 1)[1]
    flow = json.loads(solution[path])
    references = flow["properties"]["connectionReferences"]
    assert references[api]["connection"]["connectionReferenceLogicalName"] == reference.get(
        "connectionreferencelogicalname"
    )
    actions = flow["properties"]["definition"]["actions"].values()
    assert all(a["inputs"]["host"]["apiId"].endswith("/" + api) for a in actions)
    definition = json.loads(solution[connector.findtext("openapidefinition").lstrip("/")])
    declared = {op["operationId"] for item in definition["paths"].values() for op in item.values()}
    assert {a["inputs"]["host"]["operationId"] for a in actions} == declared
    manifest = ET.fromstring(solution["solution.xml"])
    types = {r.get("type") for r in manifest.iter("RootComponent")}
    assert types == {"372", "29"}


def test_the_connector_solution_and_the_pull_request_carry_the_same_definition(submission):
    inner = entries(entries((submission / PACKAGE).read_bytes())[INNER])
    solution = entries(inner[CONNECTOR_ZIP])
    [inside] = [data for name, data in solution.items() if name.endswith("_openapidefinition.json")]
    assert inside == (folder(submission) / "apiDefinition.swagger.json").read_bytes()


def test_two_builds_are_byte_identical(submission, tmp_path):
    assert main(["certify", *arguments(REAL), "--out", str(tmp_path)]) == 0
    for path in submission.rglob("*"):
        if path.is_file():
            again = (tmp_path / path.relative_to(submission)).read_bytes()
            if path.name == "settings.json":  # paconn's paths name the folder each was written in
                again = again.replace(str(tmp_path).encode(), str(submission).encode())
            assert again == path.read_bytes(), path


# --- placeholders are refused, each named -----------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--host", "your-function-app.azurewebsites.net"),
        ("--publisher", "Partner"),
        ("--publisher", ""),
        ("--website", "https://www.example.com"),
        ("--privacy", "https://example.org/privacy"),
        ("--contact-name", "Partner support"),
        ("--contact-email", "support@example.com"),
        ("--client-id", "00000000-0000-0000-0000-000000000000"),
        ("--resource-uri", "api://00000000-0000-0000-0000-000000000000"),
    ],
)
def test_a_placeholder_is_refused_naming_the_option(tmp_path, capsys, option, value):
    with pytest.raises(SystemExit) as exit_info:
        main(["certify", *arguments({**REAL, option: value}), "--out", str(tmp_path)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "refusing to build" in err and option in err
    assert not any(tmp_path.iterdir())  # nothing written


def test_every_missing_option_is_named_at_once(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["certify", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    for option in ("--host", "--publisher", "--website", "--privacy", "--contact-name", "--contact-email"):
        assert f"{option} is empty" in err


def test_a_title_over_thirty_characters_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["certify", *arguments({**REAL, "--publisher": "Contoso Worldwide Holdings"}), "--out", str(tmp_path)])
    assert "--title" in capsys.readouterr().err


def test_a_title_with_a_forbidden_word_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["certify", *arguments(REAL), "--title", "Contoso Connector", "--out", str(tmp_path)])
    assert "--title 'Contoso Connector' must not contain 'Connector'" in capsys.readouterr().err


# --- readme.md --------------------------------------------------------------------------------


def contract_rows(email_summary: str = "v2") -> list[list[str]]:
    """The operations table as the contract states it, computed here without the generator."""
    left_out = "email_summary_v1" if email_summary == "v2" else "email_summary_v2"
    rows = []
    for op in OPERATIONS:
        if op.key == left_out:
            continue
        required = [(field.alias or name) for name, field in op.inputs.model_fields.items() if field.is_required()]
        rows.append([op.summary, op.operation_id, f"{op.method} /{route_prefix()}/{op.route}", ", ".join(required)])
    return rows


def table_rows(readme: str) -> list[list[str]]:
    body = readme.split(documents.OPERATIONS_TABLE_HEADER, 1)[1].split("\n\n", 1)[0]
    lines = [line for line in body.strip().splitlines() if not line.startswith("|---")]
    return [[cell.strip().strip("`") for cell in line.strip("|").split("|")] for line in lines]


def test_the_readme_has_every_section_of_microsofts_template(submission):
    readme = (folder(submission) / "readme.md").read_text()
    headings = [line for line in readme.splitlines() if line.startswith("## ")]
    assert headings == [
        f"## Publisher: {PUBLISHER}",
        "## Prerequisites",
        "## Supported Operations",
        "## Obtaining Credentials",
        "## Getting Started",
        "## Known Issues and Limitations",
        "## Frequently Asked Questions",
        "## Deployment Instructions",
    ]
    assert readme.startswith(f"# {TITLE}\n")
    for fact in ("admin consent", "user_impersonation", "never written into any file", "azd up", "4.5 seconds"):
        assert fact in readme
    assert "English, French, German, Spanish and Japanese" in readme


@pytest.mark.parametrize("email_summary", ["v1", "v2"])
def test_the_operations_table_is_the_contracts(tmp_path, email_summary):
    options = CertifyOptions(
        host=REAL["--host"],
        publisher=PUBLISHER,
        website=REAL["--website"],
        privacy_policy=REAL["--privacy"],
        contact_name=REAL["--contact-name"],
        contact_email=REAL["--contact-email"],
        email_summary=email_summary,
    )
    assert table_rows(documents.readme(options)) == contract_rows(email_summary)


def test_the_operations_table_test_fails_when_the_table_differs(submission):
    readme = (folder(submission) / "readme.md").read_text()
    assert table_rows(readme) == contract_rows()
    changed = readme.replace("| recordType, recordId |", "| recordId |", 1)
    assert table_rows(changed) != contract_rows()


def test_the_intro_gives_a_remedy_for_every_error_a_caller_can_see():
    from connector.errors import ERROR_STATUS
    from connector.tools.openapi import BODY_ONLY_CODES, HOST_LEVEL_CODES

    assert set(documents.REMEDIES) == set(ERROR_STATUS) - HOST_LEVEL_CODES - BODY_ONLY_CODES


def test_ten_successful_calls_per_action_come_from_the_documented_check():
    """Certification asks for at least 10 successful calls per operation: the documented check makes 14."""
    languages = tuple(documents.CHECK_LANGUAGES.split(","))
    records = (Subject.record("account:1"), Subject.record("opportunity:2"))
    accounts = (Subject(account_name="Contoso"), Subject(account_name="Fabrikam"))
    for op in OPERATIONS:
        subjects = list(accounts if "accountName" in op.input_names() else records)
        assert len(plan(op, "https://x/api", subjects, languages, "https://x.crm.dynamics.com")) >= 10, op.key


# --- each rule fails when broken --------------------------------------------------------------


def edit_json(path: Path, change: Callable[[dict], None]) -> None:
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document, indent=2))


def definition_of(out: Path) -> Path:
    return folder(out) / "apiDefinition.swagger.json"


def properties_of(out: Path) -> Path:
    return folder(out) / "apiProperties.json"


def first_operation(d: dict) -> dict:
    return d["paths"]["/enhanceskills/activities"]["get"]


def drop_summary(d: dict) -> None:
    del d["definitions"]["Activity"]["properties"]["title"]["x-ms-summary"]


def rename_operation(d: dict) -> None:
    first_operation(d)["operationId"] = "get-activities"


def product_in_summary(d: dict) -> None:
    first_operation(d)["summary"] = "Enrich record summary in outlook"


def placeholder_contact(d: dict) -> None:
    d["info"]["contact"]["email"] = "support@example.com"


def bad_category(d: dict) -> None:
    d["x-ms-connector-metadata"][2]["propertyValue"] = "Sales"


def long_title(d: dict) -> None:
    d["info"]["title"] = "Contoso Sales Insights Connector"


def no_parameter_summary(d: dict) -> None:
    del first_operation(d)["parameters"][0]["x-ms-summary"]


def bad_structure(d: dict) -> None:
    d["swagger"] = "3.0"


def schema_violation(d: dict) -> None:
    first_operation(d)["x-ms-visibility"] = "sometimes"  # the schema's enum: important, advanced, internal


@pytest.mark.parametrize(
    ("rule", "change"),
    [
        ("x-ms-summary", drop_summary),
        ("operation-id-sanitized", rename_operation),
        ("operation-id", lambda d: first_operation(d).pop("operationId")),
        ("product-names", product_in_summary),
        ("placeholder", placeholder_contact),
        ("connector-metadata", bad_category),
        ("info-title", long_title),
        ("parameters", no_parameter_summary),
        ("structure", bad_structure),
        ("json-schema", schema_violation),
        ("endpoint", lambda d: d.__setitem__("host", "https://contoso-insights.azurewebsites.net")),
        ("info-description", lambda d: d["info"].__setitem__("description", "Too short.")),
        ("info-contact", lambda d: d["info"]["contact"].pop("name")),
        ("operation-fields", lambda d: first_operation(d).pop("x-ms-visibility")),
        ("summary", lambda d: first_operation(d).__setitem__("summary", "Enrich CRM record summary.")),
        ("operation-description", lambda d: first_operation(d).__setitem__("description", "No period")),
        ("success-schema", lambda d: first_operation(d)["responses"]["200"].pop("schema")),
        ("default-schema", lambda d: first_operation(d)["responses"]["default"].__setitem__("schema", {})),
        ("security", lambda d: d.__setitem__("security", [{"unknown": []}])),
        ("swagger2-constructs", lambda d: d["definitions"]["Activity"].__setitem__("anyOf", [{}])),
        (
            "reserved-parameter",
            lambda d: first_operation(d)["parameters"].append(
                {"name": "connectorId", "in": "query", "type": "string", "description": "x.", "x-ms-summary": "x"}
            ),
        ),
        ("contract-literals", lambda d: first_operation(d).__setitem__("description", "Gets activities.")),
        (
            "contract-method",
            lambda d: d["paths"]["/enhanceskills/activities"].__setitem__(
                "post", d["paths"]["/enhanceskills/activities"].pop("get")
            ),
        ),
        ("required-inputs", lambda d: first_operation(d)["parameters"][-1].__setitem__("required", True)),
    ],
)
def test_a_broken_definition_fails_its_rule(copy, rule, change):
    edit_json(definition_of(copy), change)
    assert failures(copy, rule), rule


def test_an_oversized_definition_fails_the_size_rule(copy):
    edit_json(definition_of(copy), lambda d: d["info"].__setitem__("x-padding", "x" * 1_100_000))
    assert failures(copy, "size")


@pytest.mark.parametrize(
    ("rule", "change"),
    [
        ("placeholder", lambda p: p["properties"].__setitem__("publisher", "Partner")),
        ("publisher", lambda p: p["properties"].__setitem__("stackOwner", "Fabrikam")),
        ("json-schema", lambda p: p["properties"].__setitem__("unknownKey", True)),
        ("api-properties", lambda p: p["properties"].__setitem__("iconBrandColor", "#007ee5")),
    ],
)
def test_broken_api_properties_fail_their_rule(copy, rule, change):
    edit_json(properties_of(copy), change)
    assert failures(copy, rule), rule


def test_an_icon_not_on_the_brand_colour_fails(copy):
    edit_json(properties_of(copy), lambda p: p["properties"].__setitem__("iconBrandColor", "#123456"))
    assert failures(copy, "icon")


def test_settings_outside_paconns_schema_fail(copy):
    edit_json(copy / "settings.json", lambda s: s.__setitem__("unknown", 1))
    assert failures(copy, "json-schema")


def test_a_missing_file_fails(copy):
    (folder(copy) / "readme.md").unlink()
    assert failures(copy, "files")


def test_a_secret_in_a_file_fails(copy):
    readme = folder(copy) / "readme.md"
    readme.write_text(readme.read_text() + "\nclient secret: abc8Q~" + "x" * 31 + "\n")
    assert failures(copy, "secret")


@pytest.mark.parametrize(
    "change",
    [
        lambda text: text.replace("## Obtaining Credentials", "## Credentials"),  # a required section missing
        lambda text: text.replace("### Chat about key stakeholders", "### Stakeholders"),  # an operation undescribed
        lambda text: text.replace("## Publisher: Contoso", "## Publisher: Partner"),  # a placeholder publisher
        lambda text: text.replace("## Prerequisites", "## Deployment Instructions\n\n## Prerequisites", 1),  # order
    ],
)
def test_a_readme_off_the_template_fails(copy, change):
    readme = folder(copy) / "readme.md"
    readme.write_text(change(readme.read_text()))
    assert failures(copy, "readme")


@pytest.mark.parametrize(
    "change",
    [
        lambda text: text.replace("## FAQ", "## Questions"),
        lambda text: text.replace(
            "\n## Prerequisites", " One. Two. Three. Four. Five. Six. Seven.\n\n## Prerequisites", 1
        ),
        lambda text: text + "\n- Enrich CRM record summary\n",  # a list of actions
    ],
)
def test_an_intro_off_the_template_fails(copy, change):
    intro = copy / "intro.md"
    intro.write_text(change(intro.read_text()))
    assert failures(copy, "intro")


# --- the package, broken ----------------------------------------------------------------------


def rewrite_package(out: Path, change: Callable[[dict, dict], None]) -> None:
    """Apply `change(outer entries, inner entries)` and zip both back."""
    path = out / PACKAGE
    outer = entries(path.read_bytes())
    inner = entries(outer[INNER])
    change(outer, inner)
    if INNER in outer:
        outer[INNER] = zip_bytes(inner)
    path.write_bytes(zip_bytes(outer))


def change_flow(inner: dict, change: Callable[[dict], None]) -> None:
    solution = entries(inner[FLOW_ZIP])
    change(solution)
    inner[FLOW_ZIP] = zip_bytes(solution)


def drop_flow_action(solution: dict) -> None:
    [path] = [n for n in solution if n.startswith("Workflows/")]
    flow = json.loads(solution[path])
    actions = flow["properties"]["definition"]["actions"]
    actions.pop(next(iter(actions)))
    solution[path] = json.dumps(flow).encode()


def drop_icon(solution: dict) -> None:
    [icon] = [n for n in solution if n.endswith("_iconblob.Png")]
    del solution[icon]


def drop_workflow_file(solution: dict) -> None:
    for name in [n for n in solution if n.startswith("Workflows/")]:
        del solution[name]


@pytest.mark.parametrize(
    ("rule", "change"),
    [
        ("package", lambda outer, inner: outer.__setitem__("extra/readme.md", b"x")),  # a folder at the root
        ("package", lambda outer, inner: outer.__setitem__("notes.md", b"x")),  # two .md files
        ("package", lambda outer, inner: inner.__setitem__("PkgAssets/third.zip", inner[CONNECTOR_ZIP])),
        ("package", lambda outer, inner: inner.__setitem__("Other/x.txt", b"x")),  # two folders
        ("package", lambda outer, inner: inner.__setitem__("PkgAssets/sub/x.zip", b"x")),  # a subfolder
        ("package", lambda outer, inner: inner.__setitem__(FLOW_ZIP, inner[CONNECTOR_ZIP])),  # no flow solution
        ("package", lambda outer, inner: change_flow(inner, lambda s: s.pop("solution.xml"))),
        ("flow", lambda outer, inner: change_flow(inner, drop_flow_action)),
        ("flow", lambda outer, inner: change_flow(inner, drop_workflow_file)),
        ("intro", lambda outer, inner: outer.__setitem__("intro.md", b"# x\n\nNo sections.\n")),
        (
            "intro",
            lambda outer, inner: outer.__setitem__("intro.md", outer["intro.md"] + b"- Enrich CRM record summary\n"),
        ),
        ("same-definition", lambda outer, inner: inner.__setitem__(CONNECTOR_ZIP, rebuilt_connector(inner))),
        ("solution-files", lambda outer, inner: change_flow(inner, lambda s: s.pop("[Content_Types].xml"))),
        ("solution-references", lambda outer, inner: change_flow(inner, drop_icon)),
    ],
)
def test_a_broken_package_fails_its_rule(copy, rule, change):
    rewrite_package(copy, change)
    assert failures(copy, rule), rule


def rebuilt_connector(inner: dict) -> bytes:
    solution = entries(inner[CONNECTOR_ZIP])
    [path] = [n for n in solution if n.endswith("_openapidefinition.json")]
    definition = json.loads(solution[path])
    definition["info"]["version"] = "9.9.9"
    solution[path] = json.dumps(definition, indent=2).encode()
    return zip_bytes(solution)


def test_every_rule_of_the_check_is_broken_by_a_test():
    """Each rule the check applies is proved to fail here (the solution linter's own rules in test_solution.py)."""
    source = Path(__file__).read_text()
    untested = [
        rule for rule in RULES if rule != "solution-*" and not re.search(rf'[(, ]"{re.escape(rule)}"[,)]', source)
    ]
    assert untested == []


def test_lint_certification_takes_a_definition_a_package_or_an_intro(submission, capsys):
    assert main(["lint", "--certification", str(definition_of(submission))]) == 0
    assert main(["lint", "--certification", str(submission / PACKAGE)]) == 0
    assert main(["lint", "--certification", str(submission / "intro.md")]) == 0
    capsys.readouterr()
    assert main(["lint", "--certification", str(submission / "missing")]) == 2


@pytest.mark.parametrize("email_summary", ["v1", "v2"])
def test_every_property_of_the_generated_definition_has_a_summary(email_summary):
    """The designer's display names: each output field's title becomes its x-ms-summary."""
    from connector.tools.certify.rules import check_property_summaries
    from connector.tools.openapi import build_definition

    assert list(check_property_summaries(build_definition(email_summary=email_summary), "x")) == []


def test_the_committed_definition_fails_certification_on_its_placeholders(capsys):
    """The repository's own openapi/ folder is a starting point, not a submission: certification says why."""
    from connector.tools.openapi import DEFINITION_PATH

    assert main(["lint", "--certification", str(DEFINITION_PATH)]) == 1
    err = capsys.readouterr().err
    assert "[placeholder]" in err and "[files]" in err  # example.com contact, no readme.md


def test_the_schemas_keep_structure_and_source_without_description_text():
    names = ("apiDefinition.swagger.schema.json", "paconn-apiProperties.schema.json", "paconn-settings.schema.json")
    for name in names:
        document = json.loads((Path(documents.__file__).parent / "schemas" / name).read_text())
        source = document["source"]
        assert source["repository"] == "microsoft/PowerPlatformConnectors"
        assert source["path"] == f"schemas/{name}" and re.fullmatch(r"[0-9a-f]{40}", source["commit"])

        assert not list(text_keywords(document["schema"])), name


def text_keywords(node, names_map: bool = False):
    """Every `description` or `title` keyword holding text (not a property called so)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if not names_map and key in ("description", "title") and isinstance(value, str):
                yield key
            yield from text_keywords(value, not names_map and key in ("properties", "patternProperties", "definitions"))
    elif isinstance(node, list):
        for item in node:
            yield from text_keywords(item)
