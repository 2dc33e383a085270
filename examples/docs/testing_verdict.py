"""What a blocked fetch looks like: the failing step and Chromium's message."""

from flask import Flask

from flask_cors import CORS
from flask_cors.testing import BrowserClient

app = Flask(__name__)
CORS(app, origins=["https://app.example.com"], methods=["GET", "POST"])


@app.route("/api/items/<int:item>", methods=["GET", "DELETE"])
def item(item: int) -> str:
    """Show or delete an item."""
    return ""


fetched = BrowserClient(app, "https://app.example.com").fetch("/api/items/1", method="DELETE")
print(fetched.allowed, fetched.step, fetched.error)
print(fetched.message)
