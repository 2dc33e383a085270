"""Show the log: refused requests, and preflights browsers will refuse."""

import logging

logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")
logging.getLogger("flask_cors").setLevel(logging.INFO)
