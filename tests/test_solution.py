"""The Power Platform solution: read back with zipfile and an XML parser, equal to the generator's output,
byte-identical across builds, with no secret; and the linter names each way a solution can be broken."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from collections.abc import Callable
from xml.etree import ElementTree as ET

import pytest
from PIL import Image

from connector.tools import identity, openapi
from connector.tools.cli import main
from connector.tools.solution import layout
from connector.tools.solution.build import SolutionOptions, build_solution
from connector.tools.solution.read import lint_solution
from tests.support.checker import run_checks
from tests.support.fake_connector import fake_connector

HOST = "contoso-insights.azurewebsites.net"
CLIENT_ID = "3c9f1d2e-8a47-4b6e-9f0a-5d2c7e1b4a86"
RESOURCE_URI = "api://contoso-insights-api"
NAME = "partner_partnersalesinsights"
FILES = {
    "openapidefinition": f"Connector/{NAME}_openapidefinition.json",
    "connectionparameters": f"Connector/{NAME}_connectionparameters.json",
    "policytemplateinstances": f"Connector/{NAME}_policytemplateinstances.json",
    "iconblob": f"Connector/{NAME}_iconblob.Png",
}
DEPLOYED = ["--host", HOST, "--client-id", CLIENT_ID, "--resource-uri", RESOURCE_URI]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> bytes:
    """The zip `python -m connector solution` writes for a deployed function app."""
    out = tmp_path_factory.mktemp("solution") / "x.zip"
    assert main(["solution", *DEPLOYED, "--out", str(out)]) == 0
    return out.read_bytes()


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return buffer.getvalue()


def xml(data: bytes, path: str) -> ET.Element:
    return ET.fromstring(entries(data)[path])


# --- the structure of the real exports -------------------------------------------------------


def test_the_zip_holds_the_exports_files_in_their_order_deflated_with_no_folders(built):
    with zipfile.ZipFile(io.BytesIO(built)) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == ["customizations.xml", "[Content_Types].xml", "solution.xml", *FILES.values()]
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos)
    assert not any(i.is_dir() for i in infos)
    assert {i.date_time for i in infos} == {layout.ZIP_TIMESTAMP}


def test_content_types_has_a_bom_and_a_declaration_and_covers_every_extension(built):
    raw = entries(built)["[Content_Types].xml"]
    assert raw.startswith(b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(raw[3:])
    namespace = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    assert root.tag == f"{namespace}Types"
    declared = {d.get("Extension"): d.get("ContentType") for d in root.findall(f"{namespace}Default")}
    assert declared == {
        "xml": "application/octet-stream",
        "json": "application/octet-stream",
        "Png": "application/octet-stream",
    }


@pytest.mark.parametrize("path", ["solution.xml", "customizations.xml"])
def test_the_manifest_files_begin_with_the_root_element_no_bom_and_no_declaration(built, path):
    assert entries(built)[path].startswith(b"<ImportExportXml")


def test_solution_xml_names_the_solution_the_publisher_and_the_connector_as_its_root_component(built):
    root = xml(built, "solution.xml")
    assert root.get("SolutionPackageVersion") == "9.2" and root.get("languagecode") == "1033"
    manifest = root.find("SolutionManifest")
    assert manifest.findtext("UniqueName") == "PartnerSalesInsights"
    assert manifest.find("LocalizedNames/LocalizedName").get("description") == identity.TITLE
    assert manifest.findtext("Version") == "0.1.0.0"
    assert manifest.findtext("Managed") == "0"
    publisher = manifest.find("Publisher")
    assert publisher.findtext("UniqueName") == "Partner"
    assert publisher.find("LocalizedNames/LocalizedName").get("description") == identity.PUBLISHER
    assert publisher.findtext("CustomizationPrefix") == identity.CUSTOMIZATION_PREFIX
    assert 10_000 <= int(publisher.findtext("CustomizationOptionValuePrefix")) <= 99_999
    assert [a.findtext("AddressNumber") for a in publisher.findall("Addresses/Address")] == ["1", "2"]
    [component] = manifest.findall("RootComponents/RootComponent")
    connector_id = xml(built, "customizations.xml").findtext("Connectors/Connector/connectorid")
    assert component.attrib == {"type": "372", "id": "{" + connector_id + "}", "schemaName": NAME, "behavior": "0"}


def test_customizations_xml_describes_the_connector_and_refers_to_its_four_files(built):
    root = xml(built, "customizations.xml")
    [connector] = root.findall("Connectors/Connector")
    assert [child.tag for child in connector] == [
        "connectorid",
        "description",
        "displayname",
        "iconbrandcolor",
        "name",
        "connectortype",
        "openapidefinition",
        "connectionparameters",
        "policytemplateinstances",
        "iconblob",
    ]
    values = {child.tag: child.text for child in connector}
    assert values["connectorid"] == layout.connector_id(NAME)
    assert values["displayname"] == identity.TITLE
    assert values["description"] == identity.DESCRIPTION
    assert values["iconbrandcolor"] == identity.BRAND_COLOR
    assert values["name"] == NAME and values["connectortype"] == "1"
    for element, path in FILES.items():
        assert values[element] == "/" + path
        assert path in entries(built)
    assert root.findtext("Languages/Language") == "1033"


# --- one source for every form -----------------------------------------------------------------


def test_the_definition_and_connection_parameters_are_the_openapi_commands_output(built, tmp_path):
    out = tmp_path / "paconn" / "apiDefinition.swagger.json"
    assert main(["openapi", *DEPLOYED, "--out", str(out)]) == 0
    files = entries(built)
    assert files[FILES["openapidefinition"]] == out.read_bytes()
    definition = json.loads(files[FILES["openapidefinition"]])
    assert definition["host"] == HOST and definition["basePath"] == "/api"
    properties = json.loads((out.parent / "apiProperties.json").read_text(encoding="utf-8"))
    assert json.loads(files[FILES["connectionparameters"]]) == properties["properties"]["connectionParameters"]
    settings = json.loads(files[FILES["connectionparameters"]])["token"]["oAuthSettings"]
    assert settings["clientId"] == CLIENT_ID
    assert settings["customParameters"]["resourceUri"]["value"] == RESOURCE_URI
    assert files[FILES["policytemplateinstances"]] == b"null"  # no policy: no function key to carry
    assert files[FILES["iconblob"]] == (out.parent / "icon.png").read_bytes()


def test_a_changed_contract_changes_the_solution_and_the_definition_alike(monkeypatch, built):
    changed = tuple(
        dataclasses.replace(op, summary="Get the partner activities") if op.key == "record_summary" else op
        for op in openapi.OPERATIONS
    )
    monkeypatch.setattr(openapi, "OPERATIONS", changed)
    options = SolutionOptions(host=HOST, client_id=CLIENT_ID, resource_uri=RESOURCE_URI)
    inside = entries(build_solution(options))[FILES["openapidefinition"]]
    assert inside == openapi.render(openapi.build_definition(HOST)).encode()
    assert json.loads(inside)["paths"]["/enhanceskills/activities"]["get"]["summary"] == "Get the partner activities"
    assert inside != entries(built)[FILES["openapidefinition"]]


@pytest.mark.parametrize(
    "version, present, absent",
    [
        ("v1", "/enhanceskills/email-insights", "/enhanceskills/email-insights-v2"),
        ("v2", "/enhanceskills/email-insights-v2", "/enhanceskills/email-insights"),
    ],
)
def test_the_email_summary_version_is_the_definitions(version, present, absent):
    paths = json.loads(entries(build_solution(SolutionOptions(email_summary=version)))[FILES["openapidefinition"]])
    assert present in paths["paths"] and absent not in paths["paths"]


def test_options_name_the_publisher_the_solution_and_the_connector(tmp_path):
    out = tmp_path / "contoso.zip"
    assert (
        main(
            [
                "solution",
                *DEPLOYED,
                "--out",
                str(out),
                "--publisher",
                "Contoso",
                "--publisher-display-name",
                "Contoso Ltd",
                "--prefix",
                "cts",
                "--option-value-prefix",
                "41234",
                "--solution",
                "ContosoInsights",
                "--solution-display-name",
                "Contoso insights for sellers",
                "--solution-version",
                "2.1",
                "--display-name",
                "Contoso Insights",
                "--description",
                "Contoso's account insights for sellers, in Outlook and Teams.",
            ]
        )
        == 0
    )
    data = out.read_bytes()
    manifest = xml(data, "solution.xml").find("SolutionManifest")
    assert manifest.findtext("UniqueName") == "ContosoInsights"
    assert manifest.find("LocalizedNames/LocalizedName").get("description") == "Contoso insights for sellers"
    assert manifest.findtext("Version") == "2.1.0.0"
    assert manifest.findtext("Publisher/UniqueName") == "Contoso"
    assert manifest.find("Publisher/LocalizedNames/LocalizedName").get("description") == "Contoso Ltd"
    assert manifest.findtext("Publisher/CustomizationPrefix") == "cts"
    assert manifest.findtext("Publisher/CustomizationOptionValuePrefix") == "41234"
    assert manifest.find("RootComponents/RootComponent").get("schemaName") == "cts_contosoinsights"
    connector = xml(data, "customizations.xml").find("Connectors/Connector")
    assert connector.findtext("displayname") == "Contoso Insights"
    assert "Connector/cts_contosoinsights_openapidefinition.json" in entries(data)
    info = json.loads(entries(data)["Connector/cts_contosoinsights_openapidefinition.json"])["info"]
    assert info["title"] == "Contoso Insights"
    assert info["description"] == "Contoso's account insights for sellers, in Outlook and Teams."


@pytest.mark.parametrize(
    "option, value, named",
    [
        ("--prefix", "Mscrm1", "customization prefix"),
        ("--option-value-prefix", "123", "option-value prefix"),
        ("--solution", "My Solution", "solution unique name"),
        ("--solution-version", "v1", "solution version"),
        ("--client-id", "not-a-guid", "client id"),
        ("--host", "https://contoso.azurewebsites.net", "host"),
    ],
)
def test_a_bad_option_is_refused_with_its_name(tmp_path, capsys, option, value, named):
    with pytest.raises(SystemExit) as raised:
        main(["solution", "--out", str(tmp_path / "x.zip"), option, value])
    assert raised.value.code == 2
    assert named in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()


# --- defaults, the deployment's values, no secret -----------------------------------------------


def test_the_default_build_imports_as_is_and_is_plainly_marked_as_needing_host_and_client_id(tmp_path, capsys):
    out = tmp_path / "default.zip"
    assert main(["solution", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "PLACEHOLDER host, client id, resource URI" in err
    manifest = xml(out.read_bytes(), "solution.xml").find("SolutionManifest")
    assert manifest.find("LocalizedNames/LocalizedName").get("description") == (
        "Partner Sales Insights (set host, client id and resource URI)"
    )
    assert (
        manifest.find("Descriptions/Description")
        .get("description")
        .startswith("PLACEHOLDERS: host, client id and resource URI not set.")
    )
    assert lint_solution(out.read_bytes()) == []


def test_a_deployed_build_carries_no_placeholder_mark(built, capsys):
    manifest = xml(built, "solution.xml").find("SolutionManifest")
    assert manifest.find("LocalizedNames/LocalizedName").get("description") == identity.TITLE
    assert "PLACEHOLDER" not in manifest.find("Descriptions/Description").get("description")


def test_the_azd_environment_values_are_the_defaults(monkeypatch, tmp_path, built):
    monkeypatch.setenv("CONNECTOR_HOST", HOST)
    monkeypatch.setenv("CONNECTOR_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("CONNECTOR_RESOURCE_URI", RESOURCE_URI)
    out = tmp_path / "from-env.zip"
    assert main(["solution", "--out", str(out)]) == 0
    assert out.read_bytes() == built


def test_an_azd_host_given_as_a_url_is_taken_for_its_host_name(monkeypatch, tmp_path):
    monkeypatch.setenv("CONNECTOR_HOST", f"https://{HOST}/")
    assert main(["solution", "--out", str(tmp_path / "x.zip")]) == 0
    definition = json.loads(entries((tmp_path / "x.zip").read_bytes())[FILES["openapidefinition"]])
    assert definition["host"] == HOST


def test_out_may_name_a_folder_and_the_zip_gets_the_exports_name(tmp_path):
    assert main(["solution", *DEPLOYED, "--out", f"{tmp_path}/connector/"]) == 0
    assert [p.name for p in (tmp_path / "connector").iterdir()] == ["PartnerSalesInsights_0_1_0_0.zip"]


def test_no_secret_is_in_the_solution(built):
    files = entries(built)
    assert b"clientSecret" not in b"".join(files.values())
    assert b"x-functions-key" not in b"".join(files.values())
    assert [v for v in lint_solution(built) if v.rule == "secret"] == []


# --- deterministic ----------------------------------------------------------------------------


def test_two_builds_of_the_same_inputs_are_byte_identical(built, tmp_path):
    again = tmp_path / "again.zip"
    assert main(["solution", *DEPLOYED, "--out", str(again)]) == 0
    assert again.read_bytes() == built


def test_the_connector_guid_follows_its_name_not_chance_nor_the_host():
    def connector_id(options: SolutionOptions) -> str:
        return xml(build_solution(options), "customizations.xml").findtext("Connectors/Connector/connectorid")

    first = connector_id(SolutionOptions(host=HOST))
    assert first == connector_id(SolutionOptions(host="fabrikam.azurewebsites.net"))
    assert first != connector_id(SolutionOptions(prefix="cts"))
    assert first == layout.connector_id(NAME)


# --- the icon -------------------------------------------------------------------------------


def _pixels(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image


def test_the_icon_is_a_230_pixel_square_on_the_brand_colour_with_a_white_logo(built):
    image = _pixels(entries(built)[FILES["iconblob"]])
    assert image.size == (230, 230) and image.mode == "RGB"  # no transparency
    brand = tuple(int(identity.BRAND_COLOR[i : i + 2], 16) for i in (1, 3, 5))
    for corner in ((0, 0), (229, 0), (0, 229), (229, 229)):  # no rounded edges
        assert image.getpixel(corner) == brand
    white = [(x, y) for x in range(230) for y in range(230) if image.getpixel((x, y)) == (255, 255, 255)]
    xs, ys = [x for x, _ in white], [y for _, y in white]
    assert min(xs) >= 30 and max(xs) <= 200 and min(ys) >= 30 and max(ys) <= 200  # a logo of about 160 inside


def test_the_committed_icon_and_paconn_settings_are_the_generators(built):
    committed = _pixels(openapi.ICON_PATH.read_bytes())
    drawn = _pixels(entries(built)[FILES["iconblob"]])
    assert committed.tobytes() == drawn.tobytes(), "run `python -m connector openapi` and commit the result"
    settings = json.loads(openapi.SETTINGS_PATH.read_text(encoding="utf-8"))
    assert settings == openapi.paconn_settings(openapi.DEFINITION_PATH.parent)
    for key, path in (
        ("apiDefinition", openapi.DEFINITION_PATH),
        ("apiProperties", openapi.PROPERTIES_PATH),
        ("icon", openapi.ICON_PATH),
    ):
        assert (openapi.APP_ROOT / settings[key]).resolve() == path  # paconn runs from the repository root


def test_the_readme_shows_the_icon():
    readme = (openapi.APP_ROOT / "README.md").read_text(encoding="utf-8")
    assert "](openapi/icon.png)" in readme


# --- reading a solution back: the linter names what is wrong -------------------------------------


def _replace(path: str, old: bytes, new: bytes) -> Callable[[dict[str, bytes]], None]:
    def change(files: dict[str, bytes]) -> None:
        assert old in files[path], old
        files[path] = files[path].replace(old, new)

    return change


def _drop(path: str) -> Callable[[dict[str, bytes]], None]:
    return lambda files: files.pop(path)


def _json_change(path: str, change: Callable[[object], None]) -> Callable[[dict[str, bytes]], None]:
    def apply(files: dict[str, bytes]) -> None:
        document = json.loads(files[path])
        change(document)
        files[path] = json.dumps(document).encode()

    return apply


def _secret_in_parameters(document: dict) -> None:
    document["token"]["oAuthSettings"]["clientSecret"] = "correct horse battery staple"


def _key_policy(_: object) -> list:
    return [
        {
            "TemplateId": "setheader",
            "Title": "Function key",
            "Parameters": {
                "x-ms-apimTemplateParameter.name": "x-functions-key",
                "x-ms-apimTemplateParameter.value": "abc",
                "x-ms-apimTemplateParameter.existsAction": "override",
                "x-ms-apimTemplate-policySection": "Request",
            },
        }
    ]


def _policies(make: Callable[[object], list]) -> Callable[[dict[str, bytes]], None]:
    def apply(files: dict[str, bytes]) -> None:
        files[FILES["policytemplateinstances"]] = json.dumps(make(None)).encode()

    return apply


CONNECTOR = "customizations.xml:Connectors/Connector[1]"
ROOTS = "solution.xml:SolutionManifest/RootComponents"
# Secret-shaped values, assembled at run time so that the repository's own secret scan finds none here.
JWT = b"ey" + b"JhbGciOiJSUzI1NiJ9.ey" + b"JhdWQiOiJhcGk6Ly9jb250b3NvIn0.c2lnbmF0dXJlLXN0YW5kLWlu"
CLIENT_SECRET = b"Ab38" + b"Q~" + b"Zp3kR9vTmW2xYb8n" + b"Lc4dFg6hJ1qA0eUoIi"

# (how to break the built zip, the rule, the file/element the violation names, what its message says)
BREAKAGES = [
    (_drop("solution.xml"), "solution-files", "solution.xml", "is missing"),
    (_drop("customizations.xml"), "solution-files", "customizations.xml", "is missing"),
    (_drop("[Content_Types].xml"), "solution-files", "[Content_Types].xml", "is missing"),
    (_drop(FILES["iconblob"]), "solution-references", f"{CONNECTOR}/iconblob", "is not in the zip"),
    (
        _replace(
            "customizations.xml",
            b"/Connector/partner_partnersalesinsights_openapidefinition.json",
            b"/Connector/partner_partnersalesinsights_apidefinition.json",
        ),
        "solution-references",
        f"{CONNECTOR}/openapidefinition",
        "'/Connector/partner_partnersalesinsights_apidefinition",
    ),
    (
        _replace("customizations.xml", b"<connectionparameters>/Connector/", b"<connectionparameters>Connector/"),
        "solution-references",
        f"{CONNECTOR}/connectionparameters",
        "must be an absolute path",
    ),
    (
        _replace("solution.xml", b'schemaName="partner_partnersalesinsights"', b'schemaName="partner_insights"'),
        "solution-root-component",
        ROOTS,
        "no RootComponent names the connector 'partner_partnersalesinsights'",
    ),
    (
        _replace("solution.xml", b'type="372"', b'type="371"'),
        "solution-root-component",
        f"{ROOTS}/RootComponent[@schemaName='{NAME}']",
        "a custom connector is 372",
    ),
    (
        _replace("solution.xml", b"-5fd6-", b"-5fd7-"),
        "solution-root-component",
        f"{ROOTS}/RootComponent[@schemaName='{NAME}']",
        "is not the connector's connectorid",
    ),
    (
        _replace("customizations.xml", b"<displayname>Partner Sales Insights<", b"<displayname>Partner Insights<"),
        "solution-names",
        f"{CONNECTOR}/displayname",
        "differs from Connector/partner_partnersalesinsights_openapi",
    ),
    (
        _replace("solution.xml", b"<CustomizationPrefix>partner<", b"<CustomizationPrefix>cts<"),
        "solution-names",
        f"{CONNECTOR}/name",
        "must begin with the publisher's prefix 'cts_'",
    ),
    (
        _replace("solution.xml", b"</SolutionManifest>", b"</SolutionManifes>"),
        "solution-xml",
        "solution.xml",
        "is not well-formed XML: mismatched tag: line",
    ),
    (
        _replace("customizations.xml", b"<Languages>", b"<Languages"),
        "solution-xml",
        "customizations.xml",
        "is not well-formed XML",
    ),
    (_replace(FILES["iconblob"], b"IDAT", b"IDAX"), "solution-icon", FILES["iconblob"], "is not a valid PNG"),
    (
        _replace("customizations.xml", b"<iconbrandcolor>#0f6cbd<", b"<iconbrandcolor>#b4009e<"),
        "solution-icon",
        FILES["iconblob"],
        "its background #0f6cbd is not the iconbrandcolor #b4009e",
    ),
    (
        _json_change(FILES["connectionparameters"], _secret_in_parameters),
        "secret",
        f"{FILES['connectionparameters']}:$.token.oAuthSettings.clientSecret",
        "under 'clientSecret'",
    ),
    (
        _replace("customizations.xml", b"<description>Brings", b"<description>" + JWT + b" Brings"),
        "secret",
        "customizations.xml:line ",
        "an access token (JWT)",
    ),
    (
        _replace(
            FILES["openapidefinition"],
            b'"host": "contoso-insights.azurewebsites.net"',
            b'"host": "contoso-insights.azurewebsites.net", "x-key": "' + CLIENT_SECRET + b'"',
        ),
        "secret",
        f"{FILES['openapidefinition']}:$.x-key",
        "an Entra ID client secret",
    ),
    (
        _policies(_key_policy),
        "secret",
        f"{FILES['policytemplateinstances']}:$[0].Parameters",
        "a function key is baked into the solution",
    ),
    (
        _replace(FILES["openapidefinition"], b'"title": "Partner Sales Insights"', b'"title": "Partner Sales API"'),
        "info-title",
        f"{FILES['openapidefinition']}:$.info.title",
        "must not contain 'API'",
    ),
    (
        _json_change(
            FILES["connectionparameters"],
            lambda d: d["token"]["oAuthSettings"]["customParameters"]["tenantId"].update(value="contoso"),
        ),
        "api-properties",
        f"{FILES['openapidefinition']}:$.securityDefinitions.oauth2-auth.authorizationUrl",
        "must start with Connector/partner_partnersalesinsights_connectionparameters.json's loginUri and tenantId",
    ),
    (
        _json_change(
            FILES["connectionparameters"],
            lambda d: d["token"]["oAuthSettings"]["customParameters"].pop("enableOnbehalfOfLogin"),
        ),
        "api-properties",
        f"{FILES['connectionparameters']}:$.token.oAuthSettings.customParameters.enableOnbehalfOfLogin",
        "must be {'value': 'true'}",
    ),
]


@pytest.mark.parametrize(
    "break_it, rule, where, says", BREAKAGES, ids=[f"{b[1]} {b[2].rsplit('/', 1)[-1][:40]}" for b in BREAKAGES]
)
def test_the_linter_names_what_is_wrong_in_a_solution(built, break_it, rule, where, says):
    files = entries(built)
    break_it(files)
    violations = lint_solution(rezip(files))
    matching = [v for v in violations if v.rule == rule and v.path.startswith(where) and says in v.message]
    assert matching, "\n".join(map(str, violations))


def test_the_lint_command_accepts_a_solution_zip_and_fails_on_a_broken_one(built, tmp_path, capsys):
    good, bad = tmp_path / "good.zip", tmp_path / "bad.zip"
    good.write_bytes(built)
    files = entries(built)
    files.pop(FILES["connectionparameters"])
    bad.write_bytes(rezip(files))
    assert main(["lint", str(good)]) == 0
    assert f"{good}: no violations" in capsys.readouterr().out
    assert main(["lint", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{CONNECTOR}/connectionparameters: [solution-references]" in err and "is not in the zip" in err


def test_linting_a_missing_file_says_so(tmp_path, capsys):
    assert main(["lint", str(tmp_path / "missing.zip")]) == 2
    assert "missing.zip: no such file" in capsys.readouterr().err


def test_a_file_that_is_not_a_zip_is_reported_not_raised():
    assert lint_solution(b"PK\x03\x04 not really a zip")[0].rule == "solution-files"


# --- the checker reads the definition out of the zip ---------------------------------------------


def test_check_definition_accepts_a_solution_zip(built, tmp_path):
    path = tmp_path / "solution.zip"
    path.write_bytes(built)
    with fake_connector() as url:
        checks = run_checks(url, definition=str(path), operations=("record_details",))
    assert checks[("definition", "solution")].status == "pass"
    assert checks[("definition", "record_details")].status == "pass"
    assert checks[("definition", "certification rules")].status == "pass"


def test_check_definition_tells_what_is_wrong_in_a_solution_zip(built, tmp_path):
    files = entries(built)
    _replace("solution.xml", b'type="372"', b'type="371"')(files)
    _replace(FILES["openapidefinition"], b'"operationId": "scp-get-related-records"', b'"operationId": "records"')(
        files
    )
    _replace(FILES["openapidefinition"], b"related to a CRM record", b"about a CRM record")(files)
    path = tmp_path / "solution.zip"
    path.write_bytes(rezip(files))
    with fake_connector() as url:
        checks = run_checks(url, definition=str(path), operations=("record_details",))
    assert checks[("definition", "solution")].failed
    assert "a custom connector is 372" in checks[("definition", "solution")].reason
    assert checks[("definition", "record_details")].status == "skip"
    assert "Copilot for Sales will not call it" in checks[("definition", "record_details")].reason
