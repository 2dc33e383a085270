"""The runnable examples of the documentation site.

Each file here is included in a page of ``docs/`` (with
``--8<-- "examples/docs/NAME.py"``) and executed by
``tests/test_docs_examples.py``, which checks that it does what the page says.
"""
