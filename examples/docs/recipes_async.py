"""An ``async def`` view under ``@cross_origin`` (needs ``flask[async]``)."""

import asyncio

from flask import Flask

from flask_cors import cross_origin

app = Flask(__name__)


@app.get("/api/report")
@cross_origin(origins=["https://app.example.com"])
async def report() -> dict[str, str]:
    """Build a report, awaiting a slow source."""
    await asyncio.sleep(0)  # stands for a database or HTTP call
    return {"report": "ready"}
