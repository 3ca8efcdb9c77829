"""`python -m benchmarks.host`: the local host in its own process, so load generation does not share its GIL.

Prints `port <number>` once it listens on 127.0.0.1, then serves until killed.
"""

from __future__ import annotations

import argparse
import logging

import waitress

from connector.devhost import MAX_REQUEST_BODY, create_host


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.host")
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    # A queue behind busy threads is what the load part measures, not something to warn about.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    server = waitress.create_server(create_host(), host="127.0.0.1", port=0, threads=args.threads,
                                    max_request_body_size=MAX_REQUEST_BODY)
    print(f"port {server.effective_port}", flush=True)
    server.run()


if __name__ == "__main__":
    main()
