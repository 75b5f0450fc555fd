"""Resource "*" in an IAM Allow only for actions that support no resource-level permissions."""

import json
from pathlib import Path

from cfnlint.rules import CloudFormationLintRule, RuleMatch

POLICY_TYPES = ["AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy"]
UNSCOPABLE = set(json.loads((Path(__file__).parent / "data" / "unscopable_actions.json").read_text())["actions"])


def statements(cfn):
    for name, resource in cfn.get_resources(POLICY_TYPES).items():
        props = resource.get("Properties") or {}
        documents = [(["PolicyDocument"], props.get("PolicyDocument"))]
        documents += [(["Policies", i, "PolicyDocument"], (p or {}).get("PolicyDocument")) for i, p in enumerate(props.get("Policies") or [])]
        for path, document in documents:
            for j, statement in enumerate((document or {}).get("Statement") or []):
                yield name, ["Resources", name, "Properties", *path, "Statement", j], statement


class IamUnscopedResource(CloudFormationLintRule):
    id = "E9006"
    shortdesc = "Resource * only for actions that cannot be scoped"
    description = (
        "An IAM Allow on Resource \"*\" is accepted only when every action in it supports no "
        "resource-level permissions (listed in scripts/cfnlint_rules/data/unscopable_actions.json)."
    )
    source_url = "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"
    tags = ["resources", "iam", "servapp"]

    def match(self, cfn):
        matches = []
        for name, path, statement in statements(cfn):
            if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
                continue
            resources = statement.get("Resource")
            if "*" not in (resources if isinstance(resources, list) else [resources]):
                continue
            actions = statement.get("Action")
            scopable = [a for a in (actions if isinstance(actions, list) else [actions]) if a not in UNSCOPABLE]
            if scopable:
                matches.append(
                    RuleMatch(path + ["Resource"], f"{name} allows {', '.join(map(str, scopable))} on every resource: scope it")
                )
        return matches
