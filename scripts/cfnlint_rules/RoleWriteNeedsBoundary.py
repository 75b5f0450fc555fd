"""A role may write roles only under the iam:PermissionsBoundary condition, wherever IAM offers it."""

import sys
from pathlib import Path

from cfnlint.rules import CloudFormationLintRule, RuleMatch

sys.path.insert(0, str(Path(__file__).parent))
from _policy_statements import allow_statements, granted  # noqa: E402 - a sibling module, found through the line above

# The role writes for which the Service Authorization Reference lists iam:PermissionsBoundary
# (DeleteRolePermissionsBoundary aside, which a deploy role is denied outright). The same list is
# BOUNDED_ROLE_WRITES in src/bootstrap/execution-policy.ts, checked there against the reference.
ROLE_WRITES = [
    "iam:AttachRolePolicy",
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
]
EQUALS = {"stringequals", "arnequals"}


def bounded(statement):
    """The statement's Condition pins the boundary with an Equals operator (Like would admit others)."""
    for operator, keys in (statement.get("Condition") or {}).items():
        if operator.lower() in EQUALS and isinstance(keys, dict):
            if any(key.lower() == "iam:permissionsboundary" for key in keys):
                return True
    return False


class RoleWriteNeedsBoundary(CloudFormationLintRule):
    id = "E9012"
    shortdesc = "Role writes only under the iam:PermissionsBoundary condition"
    description = (
        "iam:CreateRole, iam:PutRolePolicy, iam:AttachRolePolicy and the other role writes IAM offers "
        "iam:PermissionsBoundary for (DeleteRole, UpdateRole, UpdateAssumeRolePolicy ...) let a deploy "
        "role grant anything to a role, or change or delete a role it does not own; allowed only when "
        "the condition pins the role's boundary, so nothing written can exceed it or reach other roles."
    )
    source_url = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html"
    tags = ["resources", "iam", "servapp"]

    def match(self, cfn):
        matches = []
        for name, path, statement in allow_statements(cfn):
            writes = granted(statement, ROLE_WRITES)
            if writes and not bounded(statement):
                matches.append(
                    RuleMatch(
                        path + ["Action"],
                        f"{name} allows {', '.join(writes)} without the iam:PermissionsBoundary condition",
                    )
                )
        return matches
