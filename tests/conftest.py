"""Settings every test directory shares.

Hypothesis properties run derandomized in CI (``CI`` set, as ``.ci/run``
has it), so a landing never hangs on a case found by chance; run locally,
they draw new cases each time, which is how they find bugs.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
