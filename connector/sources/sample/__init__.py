"""The embedded sample source: fictional, localized insights from the partner app "Relecloud".

`SampleSource` is what the app is built around when it is indexed: its catalogue, its texts (Babel)
and its data (`connector.sources.sample.source`) are loaded on the first call, which needs them
anyway, so that indexing loads none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from connector.context import RequestContext
    from connector.sources.sample.source import SampleData


class SampleSource:
    """Fictional insights from "Relecloud", in en, fr, de, es and ja; deterministic within a UTC day."""

    def __init__(self, today: Callable[[], date] | None = None) -> None:
        self._today = today  # dates are relative to this day; a test can pin it
        self._data: SampleData | None = None

    def _loaded(self) -> SampleData:
        # Two first calls at once may both build it; either result is the same, and one is kept.
        if self._data is None:
            from connector.sources.sample.source import SampleData

            self._data = SampleData() if self._today is None else SampleData(self._today)
        return self._data

    def record_summary(self, inputs: Any, context: RequestContext) -> list[Any]:
        return self._loaded().record_summary(inputs, context)

    def record_details(self, inputs: Any, context: RequestContext) -> list[Any]:
        return self._loaded().record_details(inputs, context)

    def key_sales_info(self, inputs: Any, context: RequestContext) -> list[Any]:
        return self._loaded().key_sales_info(inputs, context)

    def email_summary_v1(self, inputs: Any, context: RequestContext) -> list[Any]:
        return self._loaded().email_summary_v1(inputs, context)

    def email_summary_v2(self, inputs: Any, context: RequestContext) -> list[Any]:
        return self._loaded().email_summary_v2(inputs, context)

    def email_draft(self, inputs: Any, context: RequestContext) -> list[Any]:
        return self._loaded().email_draft(inputs, context)

    def key_stakeholders(self, inputs: Any, context: RequestContext) -> list[Any]:
        return self._loaded().key_stakeholders(inputs, context)

    def record_lookup(self, inputs: Any, context: RequestContext) -> list[Any]:
        return self._loaded().record_lookup(inputs, context)


__all__ = ["SampleSource"]
