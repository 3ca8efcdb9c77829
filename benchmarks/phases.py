"""Where the pipeline's time per call goes: each step timed inside the call, in the pipeline's order.

The steps are the pipeline's own functions, called one after the other as `connector.pipeline._answer`
calls them, on the constant-cost source, with a clock read between each: the context, reading the
request, the language and trace, the input checks (query or body, then the input model), the
source, the output checks and paging with serialisation, and the response object. Timed in place,
not each alone in a loop, so the steps add up to the call (a step alone in a tight loop looks
cheaper than it is).
"""

from __future__ import annotations

import gc
import statistics
import time

from benchmarks.variants import Variants
from benchmarks.workload import call_for
from connector import caller, pipeline
from connector import inputs as request_inputs
from connector.contract import Operation
from connector.functions import _source_call

STEPS = (
    "context",
    "read the request",
    "language and trace",
    "input checks",
    "source",
    "output checks, paging and serialisation",
    "response object",
)
CHECK_STEPS = ("input checks", "output checks, paging and serialisation")


def breakdown(variants: Variants, op: Operation, iterations: int, warmup: int = 200) -> dict[str, float]:
    """Median µs of each step of a call of `op`, and of the steps together ("whole call")."""
    settings, request = variants.settings, call_for(op).http_request()
    fetch = _source_call(variants.source, op)
    clock = time.perf_counter_ns
    samples: dict[str, list[int]] = {name: [] for name in (*STEPS, "whole call")}
    gc.collect()
    for n in range(warmup + iterations):
        t0 = clock()
        context = pipeline.blank_context(op, settings)
        t1 = clock()
        call = caller.read(request, None, context)
        t2 = clock()
        pipeline.learn(context, call, settings)
        t3 = clock()
        inputs = request_inputs.parse(
            op,
            call.query.params,
            call.body,
            call.content_type,
            settings.max_body_bytes,
            call.query.url,
            call.content_encoding,
        )
        t4 = clock()
        result = fetch(inputs, context)
        t5 = clock()
        body = pipeline.shape(op, inputs, result, context)
        t6 = clock()
        pipeline._response(body, 200, context, context.language)
        t7 = clock()
        if n >= warmup:
            for name, began, ended in zip(
                (*STEPS, "whole call"), (t0, t1, t2, t3, t4, t5, t6, t0), (t1, t2, t3, t4, t5, t6, t7, t7), strict=True
            ):
                samples[name].append(ended - began)
    return {name: round(statistics.median(values) / 1000, 2) for name, values in samples.items()}
