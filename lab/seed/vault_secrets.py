"""The demo services' secrets in the lab's Vault (scripts/lab.sh, docs/lab.md), KV v2 at secret/.

    python3 vault_secrets.py create        create the secrets that do not exist yet
    python3 vault_secrets.py rotate PATH   write a new version of secret PATH with new random values

Standard library only. Needs LAB_VAULT_ADDR and LAB_VAULT_ROOT_TOKEN from $LAB_DIR/env in the
environment. Values are random and never printed: like a real vault, only ESO reads them (with
its eso-lab-reader token); the backend's token (eso-health-metadata) sees metadata only.
"""
import json
import os
import secrets
import sys
import urllib.error
import urllib.request

MOUNT = "secret"
# path under the mount -> fields: a fixed value, or None for a random one (new on every rotation).
SECRETS = {
    "inventory/prod/db": {"username": "inventory", "password": None},
}


def call(method, path, body=None):
    request = urllib.request.Request(
        f"{os.environ['LAB_VAULT_ADDR']}/v1/{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"X-Vault-Token": os.environ["LAB_VAULT_ROOT_TOKEN"], "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read()
    return json.loads(text) if text else None


def exists(path):
    try:
        call("GET", f"{MOUNT}/metadata/{path}")
        return True
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return False
        raise


def write(path):
    fields = SECRETS[path]
    data = {k: v if v is not None else secrets.token_urlsafe(24) for k, v in fields.items()}
    return call("POST", f"{MOUNT}/data/{path}", {"data": data})["data"]["version"]


def create():
    for path in SECRETS:
        if exists(path):
            print(f"  vault {MOUNT}/{path}: already in Vault")
        else:
            write(path)
            print(f"  vault {MOUNT}/{path}: created")


def rotate(path):
    if path not in SECRETS:
        sys.exit(f"unknown secret {path}; known: {', '.join(SECRETS)}")
    print(f"  vault {MOUNT}/{path}: new version {write(path)}")


if __name__ == "__main__":
    command = sys.argv[1:2]
    if command == ["create"] and len(sys.argv) == 2:
        create()
    elif command == ["rotate"] and len(sys.argv) == 3:
        rotate(sys.argv[2])
    else:
        sys.exit(__doc__)
