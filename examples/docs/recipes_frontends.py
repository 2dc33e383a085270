"""Several frontends on different origins, each allowed by name."""

from flask import Flask

from flask_cors import CORS

app = Flask(__name__)
CORS(
    app,
    origins=[
        "https://app.example.com",
        "https://admin.example.com",
        "https://partner.example.org",
    ],
    expose_headers=["X-Total-Count"],  # a response header the pages may read
)


@app.get("/orders")
def orders() -> tuple[list[str], int, dict[str, str]]:
    """List orders, with their count in a header."""
    return ["order-1", "order-2"], 200, {"X-Total-Count": "2"}
