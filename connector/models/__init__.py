"""The contract's pydantic models: one module per operation (named in `connector.contract.OPERATIONS`),
the e-mail thread both POST operations share, the error body, and their bases.

Nothing here is imported when the app is indexed: an operation's module is imported on its first call.
"""
