"""A job for the dashboard's browser test to watch: run under `strata job run`, it writes a short
loss series to the SageMaker metric file (as smexperiments' log_metric does), prints a log line
per step, then keeps running until it is stopped (SIGTERM) or `--seconds` pass."""
import json
import os
import signal
import sys
import time

seconds = float(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 300.0
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
metrics = os.path.join(os.environ["SAGEMAKER_METRICS_DIRECTORY"], f"{os.getpid()}.json")
with open(metrics, "a") as out:
    for step in range(8):
        loss = round(1.0 / (step + 1), 4)
        out.write(json.dumps({"MetricName": "train:loss", "Value": loss, "Timestamp": time.time(), "IterationNumber": step}) + "\n")
        out.flush()
        print(f"step {step}: loss {loss}", flush=True)
print("waiting to be stopped", flush=True)
time.sleep(seconds)
