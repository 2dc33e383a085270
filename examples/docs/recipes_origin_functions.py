"""Origins kept in a database: clients registered while the app runs, answers cached a minute."""

import sqlite3
from datetime import timedelta

from flask import Flask, request

from flask_cors import CORS, remembered

database = sqlite3.connect(":memory:", check_same_thread=False)
database.execute("CREATE TABLE clients (origin TEXT PRIMARY KEY)")
database.execute("INSERT INTO clients VALUES ('https://app.example.com')")


def registered(origin: str) -> bool:
    """Whether a client with this exact origin is registered (never a prefix or a substring)."""
    query = "SELECT 1 FROM clients WHERE origin = ?"
    return database.execute(query, (origin,)).fetchone() is not None


# Asked at most once a minute per origin, rather than on every request.
clients = remembered(registered, ttl=timedelta(minutes=1))

app = Flask(__name__)
CORS(
    app,
    resources={r"/api/*": {"origins": [clients], "supports_credentials": True}},
)


@app.post("/admin/clients")
def register_client() -> tuple[str, int]:
    """Register a client's origin: its pages may call the API at once."""
    origin = str(request.get_json()["origin"])
    database.execute("INSERT OR IGNORE INTO clients VALUES (?)", (origin,))
    clients.forget(origin)
    return "", 204


@app.get("/api/profile")
def profile() -> dict[str, str]:
    """The signed-in user's profile."""
    return {"name": "Ada"}
