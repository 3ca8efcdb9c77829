"""The embedded sample source: fictional, localized insights from the partner app "Relecloud"."""

from connector.sources.sample.source import SampleSource

__all__ = ["SampleSource"]
