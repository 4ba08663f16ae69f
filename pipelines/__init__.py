"""Reference ML pipelines that demonstrate each maturity level and feed telemetry."""

import os

# One OpenMP thread per process unless the operator says otherwise: workers and
# web processes already run in parallel, and gradient boosting that spreads over
# every core of a small shared machine runs many times slower, not faster. Set
# here, before scikit-learn loads its OpenMP runtime.
os.environ.setdefault("OMP_NUM_THREADS", "1")
