"""Protection from cross-site requests: one list of origins for reading and for sending."""

from flask import Flask

from flask_cors import CORS, cross_site_exempt

app = Flask(__name__)
CORS(
    app,
    resources={
        r"/api/*": {"origins": ["https://app.example.com"], "supports_credentials": True},
    },
    cross_site_protection=True,
)


@app.post("/api/transfer")
def transfer() -> dict[str, bool]:
    """Move money: only the frontend's pages, and the API's own, may ask."""
    return {"done": True}


@app.post("/auth/callback")
@cross_site_exempt
def sign_in_callback() -> str:
    """The identity provider's page posts the sign-in result here (OAuth form_post)."""
    return "signed in"
