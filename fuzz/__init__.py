"""Coverage-guided fuzzing of the core and the shell (``make fuzz``; a short run in ``make test``).

- :mod:`fuzz.data`: how a target reads choices from the engine's bytes.
- :mod:`fuzz.model`: generated configurations and requests, and an
  independent model of what a decision may contain.
- :mod:`fuzz.oracle`: flask-cors 6.0.5 as a differential oracle, outside the
  documented deliberate differences.
- :mod:`fuzz.targets`: the targets (request, origins, policies, shell).
- :mod:`fuzz.engine` and ``python -m fuzz``: running them under atheris, or
  on seeded random bytes where atheris is not installed.

Importing this package imports nothing of ``flask_cors``: under atheris the
package under test must be imported inside the instrumentation.
"""
