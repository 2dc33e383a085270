"""A decorated view's errors carry its CORS headers, so the page reads the real status."""

from flask import Flask, abort

from flask_cors import cross_origin

app = Flask(__name__)


@app.put("/api/items/<int:item_id>")
@cross_origin(origins=["https://app.example.com"])
def replace_item(item_id: int) -> dict[str, int]:
    """Replace an item; item 1 is locked."""
    if item_id == 1:
        abort(409, "item 1 is locked")
    return {"id": item_id}
