"""moto's server, with two corrections where moto 5.2.5 departs from AWS IAM, and an optional
clock offset. Started by moto.ts with the moto virtual environment's python.

IAM (only matters while IAM is enforced):
- Resource patterns: moto turns "*" into ".*" and uses the rest as a regular expression, so
  "?" (exactly one character in IAM) is a syntax error and "." matches anything. Here a
  pattern is matched as AWS documents it: "*" any run of characters, "?" one, the rest literal.
- Secrets Manager resources: moto checks every Secrets Manager call against Resource "*",
  because only some services tell it which resource a call is on. Here a call naming a
  SecretId is checked against that secret's ARN, so a policy scoped to one secret means what
  it says. Calls on no secret (ListSecrets) or on an unknown one stay "*".
- Parameter Store resources: the same for SSM. A call on one parameter (GetParameter,
  PutParameter, ...) is checked against that parameter's ARN ("name:3" or "name:label" select a
  version of "name"); calls on no single parameter (GetParameters, GetParametersByPath,
  DescribeParameters) stay "*".

Clock: ESO_MOTO_CLOCK_OFFSET_SECONDS shifts time.time (moto dates rotations from its own
clock and has no way to set one in the past).
"""
import os
import re
import sys
import time

offset = float(os.environ.get("ESO_MOTO_CLOCK_OFFSET_SECONDS") or 0)
if offset:
    _real_time = time.time
    time.time = lambda: _real_time() + offset

from moto.iam import access_control  # noqa: E402
from moto.secretsmanager.responses import SecretsManagerResponse  # noqa: E402
from moto.ssm.responses import SimpleSystemManagerResponse  # noqa: E402
from moto.ssm.utils import parameter_arn  # noqa: E402

_ONE_PARAMETER_ACTIONS = {
    "GetParameter",
    "PutParameter",
    "DeleteParameter",
    "GetParameterHistory",
    "LabelParameterVersion",
    "UnlabelParameterVersion",
}


def _match_iam_pattern(pattern, string):
    regex = "".join(
        ".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern
    )
    return re.match(f"^{regex}$", string)


def _secret_arn(self):
    secret_id = self._get_param("SecretId")
    secret = self.backend.secrets.get(secret_id) if secret_id else None
    return secret.arn if secret is not None else "*"


def _parameter_arn(self):
    name = self._get_param("Name")
    if self._get_action() not in _ONE_PARAMETER_ACTIONS or not name:
        return "*"
    if name.startswith("arn:"):
        return name
    return parameter_arn(self.current_account, self.region, name.split(":")[0])


access_control.IAMPolicyStatement._match = staticmethod(_match_iam_pattern)
SecretsManagerResponse._determine_resource = _secret_arn
SimpleSystemManagerResponse._determine_resource = _parameter_arn

from moto.server import main  # noqa: E402

main(sys.argv[1:])
