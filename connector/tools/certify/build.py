"""Write a certification submission: the repository folder, intro.md, the icon, paconn's settings, the package.

```
<out>/
  certified-connectors/<Title>/apiDefinition.swagger.json   the pull request to PowerPlatformConnectors
  certified-connectors/<Title>/apiProperties.json
  certified-connectors/<Title>/readme.md
  intro.md                                                  the portal's description
  icon.png, settings.json                                   the icon, paconn's settings for the folder
  <Solution>_certification.zip                              the portal package:
      intro.md
      <Solution>.pdpkg.zip
          PkgAssets/ImportConfig.xml                        the solutions in import order
          PkgAssets/<Solution>_<version>.zip                the connector solution
          PkgAssets/<Solution>Flow_<version>.zip            the flow solution (connector + Workflows/)
```

Every file comes from the generators the rest of the project uses (the definition, the properties,
the icon, the solution builder), with the publisher's facts; the zips are deterministic.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from connector.host import APP_ROOT
from connector.tools import identity
from connector.tools.certify import documents
from connector.tools.certify.flow import flow_options, flow_solution_files
from connector.tools.certify.options import CertifyOptions
from connector.tools.icon import icon_png
from connector.tools.openapi import (
    DEFINITION_PATH,
    ICON_PATH,
    PROPERTIES_PATH,
    SETTINGS_PATH,
    build_properties,
    paconn_settings,
    render,
)
from connector.tools.solution.build import default_path, solution_definition, solution_files, zip_bytes

DEFAULT_OUT = APP_ROOT / "dist" / "certification"
REPOSITORY_FOLDER = "certified-connectors"
README = "readme.md"
INTRO = "intro.md"
PACKAGE_ASSETS = "PkgAssets"  # the package's one folder ("ideally named 'PkgAssets'", ConnectorPackageValidator.ps1)
IMPORT_CONFIG = "ImportConfig.xml"  # Package Deployer's list of solutions; the validator ignores non-zip files


def connector_folder(out: Path, options: CertifyOptions) -> Path:
    return out / REPOSITORY_FOLDER / options.connector_title


def package_path(out: Path, options: CertifyOptions) -> Path:
    return out / f"{options.solution.solution_name}_certification.zip"


def repository_files(options: CertifyOptions) -> dict[str, bytes]:
    """The pull request's three files, by name."""
    properties = build_properties(
        options.client_id, options.resource_uri, publisher=options.publisher, stack_owner=options.owner
    )
    return {
        DEFINITION_PATH.name: render(solution_definition(options.solution)).encode("utf-8"),
        PROPERTIES_PATH.name: render(properties).encode("utf-8"),
        README: documents.readme(options).encode("utf-8"),
    }


def import_config(solution_zips: list[str]) -> bytes:
    """Package Deployer's ImportConfig.xml: the solutions, connector first (the flow needs it)."""
    root = ET.Element("configdatastorage", {"installsampledata": "false", "waitforsampledatatoinstall": "true"})
    solutions = ET.SubElement(root, "solutions")
    for name in solution_zips:
        ET.SubElement(
            solutions,
            "configsolutionfile",
            {
                "solutionpackagefilename": name,
                "overwriteunmanagedcustomizations": "false",
                "publishworkflowsandactivateplugins": "true",
            },
        )
    ET.SubElement(root, "filestoimport")
    ET.indent(root, "  ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False)


def package_files(options: CertifyOptions) -> dict[str, bytes]:
    """The portal package's entries: intro.md and the package zip with its two solutions."""
    connector_zip = default_path(options.solution).name
    flow_zip = default_path(flow_options(options.solution)).name
    inner = zip_bytes(
        {
            f"{PACKAGE_ASSETS}/{IMPORT_CONFIG}": import_config([connector_zip, flow_zip]),
            f"{PACKAGE_ASSETS}/{connector_zip}": zip_bytes(solution_files(options.solution)),
            f"{PACKAGE_ASSETS}/{flow_zip}": zip_bytes(flow_solution_files(options.solution)),
        }
    )
    return {
        INTRO: documents.intro(options).encode("utf-8"),
        f"{options.solution.solution_name}.pdpkg.zip": inner,
    }


def write_submission(options: CertifyOptions, out: Path = DEFAULT_OUT) -> list[Path]:
    """Write every file of the submission under `out`; the paths written, in order."""
    options = options.checked()
    folder = connector_folder(out, options)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in repository_files(options).items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    intro = out / INTRO
    intro.write_text(documents.intro(options), encoding="utf-8")
    icon = out / ICON_PATH.name
    icon.write_bytes(icon_png(identity.BRAND_COLOR))
    settings = out / SETTINGS_PATH.name
    settings.write_text(render({**paconn_settings(folder), "icon": paconn_settings(out)["icon"]}), encoding="utf-8")
    package = package_path(out, options)
    package.write_bytes(zip_bytes(package_files(options)))
    return [*written, intro, icon, settings, package]
