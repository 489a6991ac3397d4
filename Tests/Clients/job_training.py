"""A training script written for SageMaker, run unchanged by `strata job run`.

`Tracker.load()` finds the job's trial component by `TRAINING_JOB_ARN` (ListTrialComponents with
SourceArn), `log_metric` appends to `$SAGEMAKER_METRICS_DIRECTORY/<pid>.json`, and closing the
tracker sends the parameters and outputs with UpdateTrialComponent. Used by the `strata job` tests:

    strata job run --experiment E --trial T -- .venv-clients/bin/python Tests/Clients/job_training.py [--epochs N] [--fail]
"""
import argparse
import sys

from smexperiments.tracker import Tracker


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--fail", action="store_true", help="exit with status 3 after training")
    args = parser.parse_args()

    with Tracker.load() as tracker:
        tracker.log_parameters({"learning_rate": 0.1, "optimizer": "sgd", "epochs": args.epochs})
        for epoch in range(args.epochs):
            loss = 1.0 / (epoch + 1)
            tracker.log_metric("train:loss", loss, iteration_number=epoch)
            tracker.log_metric("validation:accuracy", 1.0 - loss / 2, iteration_number=epoch)
            print(f"epoch {epoch}: loss {loss:.4f}", flush=True)
        tracker.log_output(name="model", value="file:///tmp/model.tar.gz", media_type="application/x-tar")
    print("training finished", flush=True)
    if args.fail:
        print("evaluation failed", file=sys.stderr, flush=True)
        sys.exit(3)


if __name__ == "__main__":
    main()
