"""Strict mode: a configuration with mistakes fails at startup, with a fix for each."""

from flask import Flask

from flask_cors import CORS, ConfigurationError

app = Flask(__name__)
try:
    CORS(
        app,
        origins=["localhost:3000", "https://app.example.com/"],
        max_age=-1,
        strict=True,
    )
except ConfigurationError as error:
    print(error)
