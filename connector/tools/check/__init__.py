"""A conformance checker that plays Copilot for Sales against any deployed connector.

`calls` makes the calls the skills make, `outputs` and `answers` judge what comes back,
`definition` judges the custom connector definition, `report` says it line by line, and `runner`
puts them together; `cli` is `python -m connector check`.
"""
