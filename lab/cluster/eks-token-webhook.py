"""A test-only EKS token authenticator for the lab's kube-apiserver (a webhook token authenticator).

The kube-apiserver sends every bearer token it does not know to this server as a TokenReview.
An EKS token is `k8s-aws-v1.` + base64url(a presigned STS GetCallerIdentity URL); this server
checks it the way aws-iam-authenticator does (prefix, an STS host, path `/`, only
`Action=GetCallerIdentity`, `x-k8s-aws-id` signed and equal to this cluster's id, at most 15
minutes old), then asks STS (moto) who signed it, turns an assumed-role ARN into its role ARN and
maps that to a Kubernetes user and groups (`--identities`, a JSON file). An unmapped identity is
not authenticated, so the API server answers 401.

What differs from EKS, on purpose and only here: the request goes to moto instead of
sts.<region>.amazonaws.com, with the presigned query turned into an Authorization header (moto
finds the service and the caller in it; it does not verify SigV4 signatures unless its IAM
enforcement is on, which the lab leaves off). Standard library only; run with the moto venv.

Usage: eks-token-webhook.py --port P --cert C --key K --moto URL --cluster-id ID --identities F
"""

import argparse
import base64
import datetime
import json
import re
import ssl
import sys
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "k8s-aws-v1."
STS_HOST = re.compile(r"^sts(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$")
ALLOWED_KEYS = {"Action", "Version"}
MAX_AGE = datetime.timedelta(minutes=15)


class Refused(Exception):
    """The token is not a valid EKS token of this cluster; the message says why (logged only)."""


def canonical_arn(arn):
    """arn:aws:sts::123:assumed-role/Role/session -> arn:aws:iam::123:role/Role."""
    match = re.match(r"^arn:(aws[a-z-]*):sts::(\d+):assumed-role/([^/]+)/.+$", arn)
    if match:
        partition, account, role = match.groups()
        return f"arn:{partition}:iam::{account}:role/{role}"
    return arn


def verify(token, args, identities):
    if len(token) > 4096 or not token.startswith(PREFIX):
        raise Refused("not an EKS token")
    payload = token[len(PREFIX):]
    try:
        url = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    except Exception as error:
        raise Refused(f"token is not base64url: {error}")
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme != "https" or not STS_HOST.match(parsed.hostname or ""):
        raise Refused(f"not an STS URL: {parsed.scheme}://{parsed.hostname}")
    if parsed.path != "/":
        raise Refused("path must be /")
    pairs = urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise Refused("duplicate query parameters")
    for key in keys:
        if key not in ALLOWED_KEYS and not key.startswith("X-Amz-"):
            raise Refused(f"unexpected query parameter {key}")
    query = dict(pairs)
    if query.get("Action") != "GetCallerIdentity":
        raise Refused("Action must be GetCallerIdentity")
    signed = query.get("X-Amz-SignedHeaders", "").split(";")
    if "x-k8s-aws-id" not in signed:
        raise Refused("x-k8s-aws-id is not signed")
    try:
        expires = int(query.get("X-Amz-Expires", "0"))
        signed_at = datetime.datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc
        )
    except (KeyError, ValueError):
        raise Refused("X-Amz-Date or X-Amz-Expires missing or malformed")
    if not 0 <= expires <= 900:
        raise Refused("X-Amz-Expires out of range")
    if datetime.datetime.now(datetime.timezone.utc) > signed_at + MAX_AGE:
        raise Refused("token expired (older than 15 minutes)")

    credential = query.get("X-Amz-Credential", "")
    authorization = (
        f"AWS4-HMAC-SHA256 Credential={credential}, "
        f"SignedHeaders={query.get('X-Amz-SignedHeaders', '')}, Signature={query.get('X-Amz-Signature', '')}"
    )
    headers = {"Authorization": authorization, "x-k8s-aws-id": args.cluster_id}
    if "X-Amz-Security-Token" in query:
        headers["X-Amz-Security-Token"] = query["X-Amz-Security-Token"]
    request = urllib.request.Request(f"{args.moto}/?{parsed.query}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read().decode()
    except Exception as error:
        raise Refused(f"STS refused the request: {error}")
    match = re.search(r"<Arn>([^<]+)</Arn>", body)
    if not match:
        raise Refused("STS answered without an Arn")
    arn = canonical_arn(match.group(1))
    identity = identities.get(arn)
    if not identity:
        raise Refused(f"{arn} is not mapped to a Kubernetes user")
    return arn, identity


def handler(args):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            review = json.loads(self.rfile.read(length) or b"{}")
            token = (review.get("spec") or {}).get("token", "")
            try:
                with open(args.identities) as f:
                    identities = json.load(f)
                arn, identity = verify(token, args, identities)
                status = {
                    "authenticated": True,
                    "user": {
                        "username": identity["username"],
                        "uid": f"aws-iam-authenticator:{arn}",
                        "groups": identity.get("groups", []),
                        "extra": {"arn": [arn]},
                    },
                }
                self.log_message("authenticated %s as %s", arn, identity["username"])
            except Refused as refusal:
                status = {"authenticated": False, "error": str(refusal)}
                self.log_message("refused: %s", refusal)
            body = json.dumps(
                {
                    "apiVersion": review.get("apiVersion", "authentication.k8s.io/v1"),
                    "kind": "TokenReview",
                    "status": status,
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            body = b"ok"
            self.send_response(200 if self.path == "/healthz" else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt, *values):
            sys.stderr.write(f"[eks-token-webhook] {fmt % values}\n")

    return Handler


def main():
    parser = argparse.ArgumentParser()
    for name in ("port", "cert", "key", "moto", "cluster-id", "identities"):
        parser.add_argument(f"--{name}", required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", int(args.port)), handler(args))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    sys.stderr.write(f"[eks-token-webhook] listening on https://127.0.0.1:{args.port}\n")
    server.serve_forever()


if __name__ == "__main__":
    main()
