"""Bodies, credentials and cache modes, as a page writes them in fetch()."""

from flask import Flask

from flask_cors import CORS
from flask_cors.core.browser import Body
from flask_cors.testing import BrowserClient

app = Flask(__name__)
CORS(app, origins=["https://app.example.com"], max_age=600)


@app.post("/api/upload")
def upload() -> str:
    """Take a form, a file or JSON."""
    return "ok"


browser = BrowserClient(app, "https://app.example.com")
for body in [
    Body.url_search_params({"q": "pear"}),  # new URLSearchParams({q: "pear"})
    Body.form_data({"name": "pear"}),  # a FormData
    Body.blob("{}", type="application/json"),  # new Blob(["{}"], {type: ...})
]:
    fetched = browser.fetch("/api/upload", method="POST", data=body)
    print(f"{body.kind.value}: {body.content_type!r}, preflight: {fetched.preflight is not None}")

# credentials: "include" needs Access-Control-Allow-Credentials: true.
print(browser.fetch("/api/upload", method="POST", credentials="include").error)

# The preflight cache: reused under "default" (max_age=600), never under "no-store".
blob = Body.blob("{}", type="application/json")
again = browser.fetch("/api/upload", method="POST", data=blob)
fresh = browser.fetch("/api/upload", method="POST", data=blob, cache="no-store")
print(again.preflight is None, fresh.preflight is None)
