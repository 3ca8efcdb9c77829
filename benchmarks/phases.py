"""Where the pipeline's time per call goes: each step of one call timed alone, steps taken in turn.

The steps are the pipeline's own functions, called as `connector.pipeline._answer` calls them, on
the constant-cost source: reading the request, the language and trace, the input checks, the output
checks and paging, serialisation, and the response object. What remains of the whole call is the
guard around them (context, binding, timing, telemetry's call).
"""

from __future__ import annotations

from typing import Any

from benchmarks.measure import interleaved, summary_us
from benchmarks.variants import Variants
from benchmarks.workload import call_for
from connector import caller, pipeline
from connector import inputs as request_inputs
from connector.contract import Operation


def steps(variants: Variants, op: Operation) -> dict[str, Any]:
    settings, request = variants.settings, call_for(op).http_request()
    fetch = getattr(variants.source, op.key)
    context = pipeline.blank_context(op, settings)
    call = caller.read(request, None, context)
    pipeline.learn(context, call, settings)
    inputs = request_inputs.parse(op, call.query.params, call.body, call.content_type, settings.max_body_bytes,
                                  call.query.url, call.content_encoding)
    items = fetch(inputs, context)
    checked, has_more = pipeline.page(op, inputs, items, context)
    text = pipeline.body_json(op, checked, has_more)
    whole = variants.pipeline(call_for(op))
    return {
        "whole call": whole,
        "read the request": lambda: caller.read(request, None, context),
        "language and trace": lambda: pipeline.learn(context, call, settings),
        "input checks": lambda: request_inputs.parse(op, call.query.params, call.body, call.content_type,
                                                     settings.max_body_bytes, call.query.url, call.content_encoding),
        "output checks and paging": lambda: pipeline.page(op, inputs, items, context),
        "serialise": lambda: pipeline.body_json(op, checked, has_more),
        "response object": lambda: pipeline._response(text, 200, context, context.language),
    }


def breakdown(variants: Variants, op: Operation, iterations: int) -> dict[str, float]:
    """Median µs of each step of one call of `op`, and of the whole call."""
    samples = interleaved(steps(variants, op), iterations)
    return {name: summary_us(values)["median_us"] for name, values in samples.items()}
