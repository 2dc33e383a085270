"""Every subdomain of example.com over https, and example.com itself."""

from flask import Flask

from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["https://example.com", "https://*.example.com"])


@app.get("/profile")
def profile() -> dict[str, str]:
    """Answer pages on example.com and its subdomains."""
    return {"name": "Ada"}
