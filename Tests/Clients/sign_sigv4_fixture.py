"""Signs a few requests with botocore's own SigV4Auth (service `sagemaker` and `sagemaker`
metrics paths, different paths, queries and bodies) with a fixed key and date, and writes
Tests/Fixtures/sigv4/botocore-signed.json for StrataAuthTests/SigV4VerifierTests.

Run with the client venv: .venv-clients/bin/python Tests/Clients/sign_sigv4_fixture.py
(botocore version pinned in Tests/Clients/requirements.txt).
"""
import base64
import datetime
import json
import pathlib
from unittest import mock

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS_KEY = "STRAEXAMPLE000000001"
SECRET_KEY = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY00"
REGION = "eu-west-1"
SIGNED_AT = datetime.datetime(2026, 3, 14, 15, 9, 26, tzinfo=datetime.timezone.utc)

REQUESTS = [
    # AWS JSON 1.1 on POST / (what boto3's sagemaker client sends).
    dict(name="create-experiment", method="POST", url="http://127.0.0.1:8080/",
         headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "SageMaker.CreateExperiment"},
         body=b'{"ExperimentName": "churn", "Tags": [{"Key": "team", "Value": "growth"}]}'),
    # sagemaker-metrics REST-JSON.
    dict(name="batch-put-metrics", method="PUT", url="http://localhost:9000/BatchPutMetrics",
         headers={"Content-Type": "application/json"},
         body=b'{"TrialComponentName": "tc-1", "MetricData": [{"MetricName": "loss", "Timestamp": 1773500966, "Value": 0.5}]}'),
    # A GET with an unsorted query, a repeated key and an encoded value.
    dict(name="get-with-query", method="GET", url="http://127.0.0.1:8080/api/v1/experiments?sort=name&b=2&a=z%20y&a=x&flag",
         headers={}, body=b""),
    # A path with an encoded space, dot segments and a doubled slash (botocore normalises and re-encodes it).
    dict(name="odd-path", method="DELETE", url="http://127.0.0.1:8080/a/./b//c/../my%20file.txt",
         headers={"X-Amz-Meta-Note": "  two   spaces  "}, body=b""),
    # A body hash given by the client instead of computed.
    dict(name="content-sha-header", method="POST", url="http://127.0.0.1:8080/upload",
         headers={"Content-Type": "application/octet-stream",
                  "X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"},
         body=b"\x00\x01binary\xff"),
]


def sign(spec):
    request = AWSRequest(method=spec["method"], url=spec["url"], headers=dict(spec["headers"]), data=spec["body"])
    credentials = Credentials(ACCESS_KEY, SECRET_KEY)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=SIGNED_AT.replace(tzinfo=None)):
        botocore.auth.SigV4Auth(credentials, "sagemaker", REGION).add_auth(request)
    split = request.url.split("?", 1)
    host = split[0].split("/", 3)[2]
    path = "/" + split[0].split("/", 3)[3] if split[0].count("/") >= 3 else "/"
    headers = [[k, v] for k, v in request.headers.items()]
    # The HTTP client adds Host; botocore signs the URL's host:port.
    headers.append(["Host", host])
    return dict(name=spec["name"], method=request.method, path=path, query=split[1] if len(split) > 1 else "",
                headers=headers, body_base64=base64.b64encode(spec["body"]).decode())


def main():
    fixture = dict(botocore_version=botocore.__version__, access_key_id=ACCESS_KEY, secret_access_key=SECRET_KEY,
                   region=REGION, signed_at=SIGNED_AT.isoformat(), requests=[sign(s) for s in REQUESTS])
    out = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "sigv4" / "botocore-signed.json"
    out.write_text(json.dumps(fixture, indent=1, sort_keys=True) + "\n")
    print(f"wrote {out} ({len(REQUESTS)} requests, botocore {botocore.__version__})")


if __name__ == "__main__":
    main()
