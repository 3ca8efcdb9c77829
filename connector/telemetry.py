"""Where telemetry attaches: the pipeline reports each call here, and nothing else does.

Without a telemetry backend configured, a call costs one function call and nothing is imported.
"""

from __future__ import annotations

import logging

from connector.context import RequestContext

logger = logging.getLogger("connector")


def track_request(
    context: RequestContext,
    *,
    operation_id: str,
    method: str,
    route: str,
    status: int,
    duration_ms: float,
    error: BaseException | None = None,
) -> None:
    """One call has been answered. `error` is an unexpected exception, if there was one."""
    if error is not None:
        logger.error(
            "Unhandled error in %s (request %s)", operation_id, context.request_id, exc_info=error
        )


def track_dependency(
    context: RequestContext | None,
    *,
    target: str,
    name: str,
    duration_ms: float,
    status: int | None,
    success: bool,
) -> None:
    """One call to the partner back end has ended (`status` None when no answer came)."""
