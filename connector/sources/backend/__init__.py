"""The source that forwards every operation to the partner's REST back end (`CONNECTOR_SOURCE=backend`)."""

from connector.sources.backend.source import BackendSource

__all__ = ["BackendSource"]
