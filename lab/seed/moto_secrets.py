"""The demo services' secrets in the lab's moto (scripts/lab.sh, docs/lab.md).

    python moto_secrets.py create        create the secrets that do not exist yet
    python moto_secrets.py rotate NAME   give secret NAME new random values (PutSecretValue)

Run with moto's own Python (.tools/moto-venv/bin/python, which has boto3), with LAB_MOTO_ENDPOINT,
LAB_AWS_REGION, LAB_AWS_ACCESS_KEY_ID and LAB_AWS_SECRET_ACCESS_KEY from $LAB_DIR/env in the
environment. Values are random and never printed: like a real vault, only ESO reads them.
"""
import json
import os
import secrets
import sys

import boto3

# name -> fields: a fixed value, or None for a random one (new on every rotation).
# ledger/prod/reports is missing on purpose (lab/seed/10-external-secrets.yaml).
SECRETS = {
    "payments/prod/db": {"username": "payments", "password": None},
    "checkout/prod/db": {"username": "checkout", "password": None},
    "checkout/prod/payment-gateway": {"api-key": None},
    "ledger/prod/db": {"username": "ledger", "password": None},
    "platform/grafana-admin": {"password": None},
}


def value(name):
    fields = SECRETS[name]
    return json.dumps({k: v if v is not None else secrets.token_urlsafe(24) for k, v in fields.items()})


def client():
    env = os.environ
    return boto3.client(
        "secretsmanager",
        endpoint_url=env["LAB_MOTO_ENDPOINT"],
        region_name=env["LAB_AWS_REGION"],
        aws_access_key_id=env["LAB_AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["LAB_AWS_SECRET_ACCESS_KEY"],
    )


def create(sm):
    existing = {s["Name"] for page in sm.get_paginator("list_secrets").paginate() for s in page["SecretList"]}
    for name in SECRETS:
        if name in existing:
            print(f"  {name}: already in moto")
        else:
            sm.create_secret(Name=name, SecretString=value(name))
            print(f"  {name}: created")


def rotate(sm, name):
    if name not in SECRETS:
        sys.exit(f"unknown secret {name}; known: {', '.join(SECRETS)}")
    version = sm.put_secret_value(SecretId=name, SecretString=value(name))["VersionId"]
    print(f"  {name}: new AWSCURRENT version {version}")


if __name__ == "__main__":
    command = sys.argv[1:2]
    if command == ["create"] and len(sys.argv) == 2:
        create(client())
    elif command == ["rotate"] and len(sys.argv) == 3:
        rotate(client(), sys.argv[2])
    else:
        sys.exit(__doc__)
