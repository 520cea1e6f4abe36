"""The engine stays free of Django, so it can run anywhere plain Python runs."""

import subprocess
import sys


def test_importing_the_engine_loads_no_django():
    probe = "import sys, engine; print('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
