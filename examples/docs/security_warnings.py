"""Make insecure CORS settings fail at startup instead of warning."""

import warnings

from flask import Flask

from flask_cors import CORS, InsecureCORSWarning

warnings.simplefilter("error", InsecureCORSWarning)

app = Flask(__name__)
try:
    CORS(app, supports_credentials=True)  # any origin, with the user's cookies
except InsecureCORSWarning as warning:
    print(warning)
