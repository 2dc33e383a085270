"""A new project: configuration mistakes fail at startup instead of warning."""

from flask import Flask

from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["https://app.example.com"], strict=True)
