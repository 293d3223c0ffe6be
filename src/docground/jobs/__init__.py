"""Generate requests -> job specs -> predictions, run on a pluggable pool; signed webhooks.

Shared by the server (`docground serve`) and the in-process SDK (`docground.Client()`).
"""

from .runner import JobRunner, ProcessRunner, ThreadRunner, make_runner
from .spec import JobSpec, run_job, spec_from_request
from .webhook import SIGNATURE_HEADER, sign, verify

__all__ = ["JobRunner", "JobSpec", "ProcessRunner", "SIGNATURE_HEADER", "ThreadRunner", "make_runner", "run_job",
           "sign", "spec_from_request", "verify"]
