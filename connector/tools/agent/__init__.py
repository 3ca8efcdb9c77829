"""The Sales agent's chat package: a Microsoft 365 app with a declarative agent whose actions are this connector.

`python -m connector agent` builds it (build.py) from the same contract, identity and definition
generator as the connector and its solution; `python -m connector lint` checks it (read.py).
"""
