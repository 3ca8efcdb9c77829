"""How the partner's service meets the connector, one `OperationMapping` per operation: edit it here.

As shipped, the service speaks the contract (docs/backend-api.md): each operation at its contract
route, every input under its contract name, the contract's envelopes, and the service pages. To
adapt a service that speaks otherwise, change the entry for that operation (docs/backend.md has a
worked example):

- `path`: where the service answers, under BACKEND_BASE_URL; `{recordId}` and other required text
  inputs fill exactly one path segment (escaped; an empty, `.` or `..` value is refused with 400).
  A BACKEND_PATH_<OPERATION> setting still wins over it.
- `names`: the service's name for an input, e.g. `{"recordId": "id", "crmOrgUrl": None}` (None: not sent).
- `pages`: False when the service ignores `top`/`skip` and answers every item; the connector pages.
- `answer(document, inputs)`: the service's JSON to contract items (plain dicts are fine) or a
  `Page(items, has_more)`, with the validated inputs in hand (e.g. `inputs.skip`, `inputs.top`).
  Raise `UnexpectedShape` when the document is not what you expect: the caller gets 502.

A link built from the service's values (an id rather than a URL) is built with
`connector.sources.links.link`, which percent-encodes every part, never by pasting text into a string
(it refuses a `.` or `..` segment: check an id with `unusable_segment` and leave such a link out).
The connector checks each item against the contract and drops, and logs, any that would break it.
It checks this table at start (`check_mappings`), and `.venv/bin/python -m connector check-backend
--probe` calls your service through it. What a mapping is, and `Page`, `UnexpectedShape` and
`contract_page`, come from `connector.sources.backend.mapping_contract`: this module holds only the
table, so it is the one a partner edits.
"""

from __future__ import annotations

from connector.sources.backend.mapping_contract import CONTRACT_MAPPINGS, OperationMapping

MAPPINGS: dict[str, OperationMapping] = dict(CONTRACT_MAPPINGS)
