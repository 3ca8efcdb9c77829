"""What a developer or partner runs beside the connector: the local host, the definition generator,
its linter and the conformance checker, behind `python -m connector ...`.

Tools import the runtime (`connector.*`), never the other way round, and may use development-only
packages. None of this is deployed: `.funcignore` leaves `connector/tools/` out of the package.
"""
