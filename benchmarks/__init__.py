"""Benchmarks: this package side by side with flask-cors 6.0.5 and a bare Flask app.

Run them all with ``make bench`` (see docs/benchmarks.md). The modules:

- :mod:`benchmarks.apps`: the scenarios, and the four apps built for each.
- :mod:`benchmarks.overhead`: per-request cost through ``app.wsgi_app``.
- :mod:`benchmarks.micro`: ``decide`` against flask-cors's ``get_cors_headers``.
- :mod:`benchmarks.server`: gunicorn on loopback under wrk.
- :mod:`benchmarks.plot` and :mod:`benchmarks.report`: the figure and the page.
- :mod:`benchmarks.profile`: where the time of one scenario goes.
"""
