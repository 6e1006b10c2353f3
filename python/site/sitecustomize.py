"""ssot-guard trace: started in every Python process `ssot-guard trace` runs (this dir is first on PYTHONPATH)."""
import os
import sys


def _chain():
    # Run the sitecustomize this one hides (the next one on sys.path), as Python would have.
    here = os.path.dirname(os.path.abspath(__file__))
    import importlib.machinery
    rest = [p for p in sys.path if os.path.abspath(p or '.') != here]
    spec = importlib.machinery.PathFinder.find_spec('sitecustomize', rest)
    if spec is not None and spec.loader is not None:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


try:
    import ssot_guard_trace
    ssot_guard_trace.start()
finally:
    import importlib.util
    _chain()
