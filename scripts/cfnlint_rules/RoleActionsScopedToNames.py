"""iam:PassRole and iam:UpdateAssumeRolePolicy only on named roles."""

import sys
from pathlib import Path

from cfnlint.rules import CloudFormationLintRule, RuleMatch

sys.path.insert(0, str(Path(__file__).parent))
from _policy_statements import allow_statements, granted  # noqa: E402 - a sibling module, found through the line above

UNBOUNDABLE = ["iam:PassRole", "iam:UpdateAssumeRolePolicy"]


def role_name(resource):
    """The role-name part of an ARN given as a string or a Sub, or None when it is not a role ARN."""
    if isinstance(resource, dict) and "Fn::Sub" in resource:
        text = resource["Fn::Sub"]
        resource = text[0] if isinstance(text, list) and text else text
    if not isinstance(resource, str) or ":role/" not in resource:
        return None
    return resource.split(":role/", 1)[1]


def named(resource):
    """A role of this template (GetAtt), or a name pattern that begins and ends with literal text."""
    if isinstance(resource, dict) and "Fn::GetAtt" in resource:
        return True
    name = role_name(resource)
    return bool(name) and not name.startswith(("*", "${")) and not name.endswith("*")


class RoleActionsScopedToNames(CloudFormationLintRule):
    id = "E9013"
    shortdesc = "iam:PassRole and iam:UpdateAssumeRolePolicy only on named roles"
    description = (
        "IAM offers no permissions-boundary condition for iam:PassRole, and iam:UpdateAssumeRolePolicy "
        "rewrites who may assume a role, so both must name the roles they reach: a role ARN whose name "
        "begins and ends with literal text (servapp-*-role), or a role of the same template; never "
        "role/* or a bare prefix."
    )
    source_url = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html"
    tags = ["resources", "iam", "servapp"]

    def match(self, cfn):
        matches = []
        for name, path, statement in allow_statements(cfn):
            hits = granted(statement, UNBOUNDABLE)
            if not hits:
                continue
            resources = statement.get("Resource")
            resources = resources if isinstance(resources, list) else [resources]
            if "NotResource" in statement or not all(named(r) for r in resources):
                matches.append(
                    RuleMatch(path + ["Resource"], f"{name} allows {', '.join(hits)} on roles it does not name")
                )
        return matches
