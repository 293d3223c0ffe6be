"""Finished predictions -> signed POSTs to their `callback_url`, retried, with the outcome stored.

A delivery is tried up to `attempts` times (1 s, 2 s, 4 s, ... apart) on connection errors and
5xx/429 answers; any other 4xx is final. Deliveries still pending when the server stops are
made again on the next start (at least once, never silently dropped).
"""

from __future__ import annotations

import asyncio
import logging

import httpx

from ..jobs.webhook import body_of, headers_for

log = logging.getLogger("docground.server")


class CallbackSender:
    def __init__(self, store, secret_for, prediction_out, attempts: int = 5):
        self.store = store
        self.secret_for = secret_for  # row -> secret (the key's, or the server's)
        self.prediction_out = prediction_out  # row -> wire dict
        self.attempts = attempts
        self.tasks: set[asyncio.Task] = set()
        self.client = httpx.AsyncClient(timeout=httpx.Timeout(10.0), follow_redirects=False)

    def schedule(self, row) -> None:
        task = asyncio.create_task(self.deliver(row))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def deliver(self, row) -> None:
        body = body_of(self.prediction_out(row))
        secret = await asyncio.to_thread(self.secret_for, row)
        headers = headers_for(secret, body, row.id)
        state, attempt = "failed", 0
        for attempt in range(1, self.attempts + 1):
            try:
                r = await self.client.post(row.callback_url, content=body, headers=headers)
                if r.status_code < 300:
                    state = "delivered"
                    break
                if r.status_code < 500 and r.status_code != 429:
                    log.warning("callback for %s refused with %s", row.id, r.status_code)
                    break
            except httpx.HTTPError as e:
                log.info("callback for %s: attempt %d failed: %s", row.id, attempt, e)
            if attempt < self.attempts:
                await asyncio.sleep(min(2 ** (attempt - 1), 30))
        await asyncio.to_thread(self.store.callback_done, row.id, state, attempt)

    async def close(self) -> None:
        for t in list(self.tasks):
            t.cancel()
        await self.client.aclose()
