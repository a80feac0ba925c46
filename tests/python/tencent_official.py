"""Tencent's official Python SDK against this project, in both directions.

`call`: the official FaceID client calls the mock and prints what it got, one JSON object:
    python tencent_official.py call HOST:PORT SECRET_ID SECRET_KEY REGION
  {"token": ..., "result": ...} on success, {"error": CODE, "message": ...} when the SDK raised.

`verify`: reads requests our client sent (a JSON list on stdin: method, uri, query, headers,
body_hex, secret_key) and recomputes each Authorization with the official SDK's own signing code
(`AbstractClient._get_tc3_signature` and `Sign.sign_tc3`), printing a JSON list of
{"ok": bool, "expected": ..., "actual": ...}.

Used by tests/official_tencent.rs; the SDK version is pinned by `cargo xtask test`.
"""

import json
import sys
from datetime import datetime, timezone

from tencentcloud.common import credential
from tencentcloud.common.abstract_client import AbstractClient
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.http.request import RequestInternal
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.faceid.v20180301 import faceid_client, models


def call(endpoint, secret_id, secret_key, region):
    profile = ClientProfile(httpProfile=HttpProfile(protocol="http", endpoint=endpoint, reqTimeout=10))
    client = faceid_client.FaceidClient(credential.Credential(secret_id, secret_key), region, profile)
    try:
        apply = models.ApplyLivenessTokenRequest()
        apply.SecureLevel = "1"
        token = client.ApplyLivenessToken(apply).SdkToken
        get = models.GetLivenessResultRequest()
        get.SdkToken = token
        result = client.GetLivenessResult(get)
        out = {
            "token": token,
            "result": result.Result,
            "best_frame_size": result.BestFrame.Size if result.BestFrame else None,
        }
    except TencentCloudSDKException as e:
        out = {"error": e.get_code(), "message": e.get_message()}
    print(json.dumps(out))


def verify():
    requests = json.load(sys.stdin)
    # An unbound client: `_get_tc3_signature` reads only the request it is given.
    signer = AbstractClient.__new__(AbstractClient)
    results = []
    for r in requests:
        headers = {k.lower(): v for k, v in r["headers"].items()}
        timestamp = headers["x-tc-timestamp"]
        req = RequestInternal(method=r["method"], uri=r["uri"])
        req.header = {
            "Content-Type": headers.get("content-type", ""),
            "Host": headers["host"],
            "X-TC-Timestamp": timestamp,
        }
        body = bytes.fromhex(r["body_hex"])
        # The SDK signs GET's query as its payload slot and POST's body.
        req.data = r["query"] if r["method"] == "GET" else body.decode("utf-8")
        date = datetime.fromtimestamp(int(timestamp), tz=timezone.utc).strftime("%Y-%m-%d")
        signature = signer._get_tc3_signature(None, req, date, "faceid", r["secret_key"])
        secret_id = headers["authorization"].split("Credential=")[1].split("/")[0]
        expected = (
            "TC3-HMAC-SHA256 Credential=%s/%s/faceid/tc3_request, "
            "SignedHeaders=content-type;host, Signature=%s" % (secret_id, date, signature)
        )
        actual = headers["authorization"]
        results.append({"ok": expected == actual, "expected": expected, "actual": actual})
    print(json.dumps(results))


if __name__ == "__main__":
    if sys.argv[1:2] == ["call"]:
        call(*sys.argv[2:6])
    elif sys.argv[1:2] == ["verify"]:
        verify()
    else:
        sys.exit("usage: tencent_official.py call HOST:PORT ID KEY REGION | verify < requests.json")
