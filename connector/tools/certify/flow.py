"""The flow solution of the portal package: the connector, plus a cloud flow that calls every action.

Certification asks for "a flow solution plus a connector solution, with a flow that uses the
connector", whose actions are found through that sample flow. The shape follows real exported
flow solutions (microsoft/coe-starter-kit, ALMAcceleratorSampleSolution): the workflow's JSON under
`Workflows/<Name>-<GUID>.json`, a `<Workflow>` element in customizations.xml that names it, and a
connection reference the flow's `connectionReferences` point at. The connector part is the
connector solution's own (`solution.build`), so the two solutions carry the same connector.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from typing import Any
from xml.etree import ElementTree as ET

from connector.contract import Operation
from connector.tools.certify.documents import required_inputs
from connector.tools.openapi import carried_operations, render
from connector.tools.solution import layout
from connector.tools.solution.build import (
    SolutionOptions,
    content_types_xml,
    customizations_root,
    element,
    serialise,
    solution_files,
    solution_root,
)

WORKFLOW_COMPONENT_TYPE = "29"  # RootComponent type of a process (a cloud flow is one, Category 5)
WORKFLOWS_FOLDER = "Workflows"
CONNECTIONS_PARAMETER = "$connections"
LOGIC_SCHEMA = (
    "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#"
)
# The Workflow element's fields, as exports write them for a modern (cloud) flow, in their order.
WORKFLOW_FIELDS = (
    ("Type", "1"),
    ("Subprocess", "0"),
    ("Category", "5"),
    ("Mode", "0"),
    ("Scope", "4"),
    ("OnDemand", "0"),
    ("TriggerOnCreate", "0"),
    ("TriggerOnDelete", "0"),
    ("AsyncAutodelete", "0"),
    ("SyncWorkflowLogOnFailure", "0"),
    ("StateCode", "1"),
    ("StatusCode", "2"),
    ("RunAs", "1"),
    ("IsTransacted", "1"),
)
# The flow's manual trigger asks for these; the actions pass them on (input name -> trigger field).
TRIGGER_INPUTS = {"recordType": ("text", "Record type"), "recordId": ("text_1", "Record ID")}
ACCOUNT_INPUT = ("text_2", "Account name")
# A fixed email thread for the actions that read one: the same flow every build.
# A value for any other required query input (email summary v1's contacts).
SAMPLE_QUERY = {"emailContacts": "dana@fabrikam.com,alex@contoso.com"}
SAMPLE_EMAIL = {
    "subject": "Renewal of the support plan",
    "plaintextBody": "Hi Alex, could you send the updated pricing for the renewal before Friday? Thanks, Dana",
}


def api_name(options: SolutionOptions) -> str:
    """The connector's API name in flows: `shared_` and its schema name with `_` escaped as `-5f`."""
    return "shared_" + options.connector_name.replace("_", "-5f")


def connection_reference_name(options: SolutionOptions) -> str:
    return f"{options.connector_name}_connection"


def workflow_id(options: SolutionOptions) -> str:
    """The flow's GUID, derived from the connector's: a rebuilt package updates the same flow."""
    return str(uuid.uuid5(uuid.UUID(layout.connector_id(options.connector_name)), "sample flow"))


def workflow_name(options: SolutionOptions) -> str:
    return f"{options.title} sample flow"


def workflow_path(options: SolutionOptions) -> str:
    base = re.sub(r"[^A-Za-z0-9]", "", workflow_name(options))
    return f"{WORKFLOWS_FOLDER}/{base}-{workflow_id(options).upper()}.json"


def flow_options(options: SolutionOptions) -> SolutionOptions:
    """The flow solution's options: the connector solution's, under its own unique and display names."""
    return replace(
        options,
        solution=f"{options.solution_name}Flow",
        solution_display_name=f"{options.solution_title} flow",
    )


def _trigger_field(name: str) -> str:
    field = ACCOUNT_INPUT[0] if name == "accountName" else TRIGGER_INPUTS[name][0]
    return f"@triggerBody()?['{field}']"


def _parameters(op: Operation) -> dict[str, Any]:
    """The action's inputs: what the trigger asks for, a sample email thread, and every required input."""
    if op.input_location == "query":
        names = [n for n in op.input_names() if n in TRIGGER_INPUTS or n == "accountName"]
        names += [n for n in required_inputs(op) if n not in names]
        return {
            name: _trigger_field(name) if name in (*TRIGGER_INPUTS, "accountName") else SAMPLE_QUERY.get(name, "")
            for name in names
        }
    parameters: dict[str, Any] = {f"body/resourceData/{key}": value for key, value in SAMPLE_EMAIL.items()}
    fields = op.input_names()
    for name in TRIGGER_INPUTS:
        if name in fields:
            parameters[f"body/{name}"] = _trigger_field(name)
    if "resourceType" in fields:
        parameters["body/resourceType"] = "email-thread"
    if "relatedEntities" in fields:
        parameters["body/relatedEntities"] = [
            {"entityId": _trigger_field("recordId"), "entityType": _trigger_field("recordType")}
        ]
    return parameters


def _action_name(op: Operation) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", op.summary).strip("_")


def workflow_json(options: SolutionOptions) -> dict[str, Any]:
    """The cloud flow: a manual trigger, then one call to each of the connector's actions."""
    api = api_name(options)
    actions = {}
    for op in carried_operations(options.email_summary):
        actions[_action_name(op)] = {
            "runAfter": {},
            "type": "OpenApiConnection",
            "inputs": {
                "host": {
                    "connectionName": api,
                    "operationId": op.operation_id,
                    "apiId": f"/providers/Microsoft.PowerApps/apis/{api}",
                },
                "parameters": _parameters(op),
                "authentication": "@parameters('$authentication')",
            },
        }
    fields = {**TRIGGER_INPUTS, "accountName": ACCOUNT_INPUT}
    trigger_schema = {
        "type": "object",
        "properties": {
            field: {"title": title, "type": "string", "x-ms-dynamically-added": True, "x-ms-content-hint": "TEXT"}
            for field, title in fields.values()
        },
        "required": [field for field, _ in fields.values()],
    }
    return {
        "properties": {
            "connectionReferences": {
                api: {
                    "runtimeSource": "embedded",
                    "connection": {"connectionReferenceLogicalName": connection_reference_name(options)},
                    "api": {"name": api},
                }
            },
            "definition": {
                "$schema": LOGIC_SCHEMA,
                "contentVersion": "1.0.0.0",
                "parameters": {
                    CONNECTIONS_PARAMETER: {"defaultValue": {}, "type": "Object"},
                    "$authentication": {"defaultValue": {}, "type": "SecureObject"},
                },
                "triggers": {"manual": {"type": "Request", "kind": "Button", "inputs": {"schema": trigger_schema}}},
                "actions": actions,
            },
            "templateName": "",
        },
        "schemaVersion": "1.0.0.0",
    }


def _customizations(options: SolutionOptions) -> ET.Element:
    root = customizations_root(options)
    workflow = element(
        root.find("Workflows"), "Workflow", WorkflowId="{" + workflow_id(options) + "}", Name=workflow_name(options)
    )
    element(workflow, "JsonFileName", layout.reference(workflow_path(options)))
    for tag, value in WORKFLOW_FIELDS:
        element(workflow, tag, value)
    element(workflow, "IntroducedVersion", options.solution_version)
    for tag, value in (
        ("IsCustomizable", "1"),
        ("BusinessProcessType", "0"),
        ("IsCustomProcessingStepAllowedForOtherPublishers", "1"),
        ("PrimaryEntity", "none"),
    ):
        element(workflow, tag, value)
    names = element(workflow, "LocalizedNames")
    element(names, "LocalizedName", languagecode=layout.LANGUAGE, description=workflow_name(options))
    # The connection reference sits after the connectors, as in exports.
    references = ET.Element("connectionreferences")
    reference = element(
        references, "connectionreference", connectionreferencelogicalname=connection_reference_name(options)
    )
    element(reference, "connectionreferencedisplayname", f"{options.title} connection")
    element(reference, "connectorid", f"/providers/Microsoft.PowerApps/apis/{api_name(options)}")
    custom = element(reference, "customconnectorid")
    element(custom, "connectorid", layout.connector_id(options.connector_name))
    for tag, value in (("iscustomizable", "1"), ("statecode", "0"), ("statuscode", "1")):
        element(reference, tag, value)
    position = list(root).index(root.find("Connectors")) + 1
    root.insert(position, references)
    return root


def _solution(options: SolutionOptions) -> ET.Element:
    root = solution_root(options)
    element(
        root.find("SolutionManifest/RootComponents"),
        "RootComponent",
        type=WORKFLOW_COMPONENT_TYPE,
        id="{" + workflow_id(options) + "}",
        behavior="0",
    )
    return root


def flow_solution_files(connector_options: SolutionOptions) -> dict[str, bytes]:
    """Every entry of the flow solution's zip: the connector solution's files, changed and completed."""
    options = flow_options(connector_options)
    files = solution_files(options)
    files[layout.CUSTOMIZATIONS] = serialise(_customizations(options))
    files[layout.CONTENT_TYPES] = content_types_xml()
    files[layout.SOLUTION] = serialise(_solution(options))
    files[workflow_path(options)] = render(workflow_json(options)).encode()
    return files
