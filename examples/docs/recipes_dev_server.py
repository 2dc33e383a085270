"""A single-page app on Vite's dev server calling the API on another port."""

from flask import Flask

from flask_cors import CORS

# Vite serves the page on http://localhost:5173 while you develop; the
# deployed page lives on its own https origin.
FRONTENDS = ["http://localhost:5173", "https://app.example.com"]

app = Flask(__name__)
CORS(
    app,
    resources={r"/api/*": {"origins": FRONTENDS}},
    allow_headers=["Content-Type"],
)


@app.post("/api/todos")
def add_todo() -> tuple[dict[str, str], int]:
    """Create a todo from the page's JSON body."""
    return {"status": "created"}, 201
