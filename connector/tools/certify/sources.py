"""Where each certification rule comes from: one citation per source, and the source of each rule id.

The check prints the source beside every finding and lists every rule it applied with its source,
so a partner can read the rule where Microsoft states it.
"""

from __future__ import annotations

PPC_COMMIT = "8bff86e"  # microsoft/PowerPlatformConnectors, the state the rules and schemas were read at

SUBMISSION = "Microsoft Learn, Get your connector certified (connectors/custom-connectors/certification-submission)"
SWAGGER_RULES = (
    "Microsoft Learn, Swagger validator rules (connectors/custom-connectors/certification-swagger-validator-rules)"
)
POLICY = (
    "Microsoft Learn, Certification policy errors (connectors/custom-connectors/certification-policy-errors) 5000.1.1"
)
COPILOT_FOR_SALES = (
    "Microsoft Learn, Copilot for Sales: Create custom connector and connector actions; sample OpenAPI definition"
)
SWAGGER_2 = "OpenAPI 2.0 (Swagger) specification and its JSON Schema"
README_TEMPLATE = f"microsoft/PowerPlatformConnectors templates/certified-connectors/readme.md @{PPC_COMMIT}"
INTRO_TEMPLATE = "Microsoft Learn, Submit your connector for certification: intro.md template"
PR_TEMPLATE = f"microsoft/PowerPlatformConnectors .github/pull_request_template.md @{PPC_COMMIT}"
VALIDATOR = f"microsoft/PowerPlatformConnectors scripts/ConnectorPackageValidator.ps1 @{PPC_COMMIT}"
SOLUTION_EXPORTS = "Power Platform solution exports (docs/solution.md lists the exports read)"
FLOW_EXPORTS = "exported flow solutions (microsoft/coe-starter-kit ALMAcceleratorSampleSolution)"
PROJECT = "this project's own rule (docs/certification.md)"


def schema_source(path: str) -> str:
    return f"microsoft/PowerPlatformConnectors {path} @{PPC_COMMIT}"


# The source of each rule id the definition linter (`connector.tools.lint`) and the solution linter report.
LINT_RULE_SOURCES = {
    "structure": SWAGGER_2,
    "swagger2-constructs": SWAGGER_2,
    "info-title": SUBMISSION,
    "info-description": SUBMISSION,
    "info-contact": SUBMISSION,
    "connector-metadata": SUBMISSION,
    "endpoint": SUBMISSION,
    "size": SUBMISSION,
    "operation-id": SWAGGER_RULES,
    "operation-fields": SWAGGER_RULES,
    "summary": SUBMISSION,
    "operation-description": SUBMISSION,
    "parameters": SWAGGER_RULES,
    "success-schema": SWAGGER_RULES,
    "default-schema": SWAGGER_RULES,
    "security": SWAGGER_RULES,
    "reserved-parameter": COPILOT_FOR_SALES,
    "contract-method": COPILOT_FOR_SALES,
    "contract-literals": COPILOT_FOR_SALES,
    "required-inputs": COPILOT_FOR_SALES,
    "api-properties": COPILOT_FOR_SALES,
    "secret": PR_TEMPLATE,
}


def lint_rule_source(rule: str) -> str:
    """The source of a linter rule; solution rules come from real exports."""
    if rule in LINT_RULE_SOURCES:
        return LINT_RULE_SOURCES[rule]
    return SOLUTION_EXPORTS if rule.startswith("solution-") else PROJECT
