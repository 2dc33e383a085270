"""The soak: gunicorn with threads on loopback under a mixed, partly hostile load (``make soak``).

- :mod:`soak.app`: the app served, with CORS rules and refusals logged.
- :mod:`soak.load`: the request mix, the load generator and the checks.
- :mod:`soak.server`: gunicorn started and stopped, the workers' memory.
- ``python -m soak``: the run and its report.
"""
