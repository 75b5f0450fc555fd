"""No IAM Allow grants a wildcard action (or everything but some actions)."""

from cfnlint.rules import CloudFormationLintRule, RuleMatch

POLICY_TYPES = ["AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy"]


def allow_statements(cfn):
    """(resource name, path, statement) for every Allow statement of every identity policy."""
    for name, resource in cfn.get_resources(POLICY_TYPES).items():
        props = resource.get("Properties") or {}
        documents = [(["PolicyDocument"], props.get("PolicyDocument"))]
        for i, policy in enumerate(props.get("Policies") or []):
            documents.append((["Policies", i, "PolicyDocument"], (policy or {}).get("PolicyDocument")))
        for path, document in documents:
            statements = (document or {}).get("Statement") or []
            for j, statement in enumerate(statements if isinstance(statements, list) else [statements]):
                if isinstance(statement, dict) and statement.get("Effect") == "Allow":
                    yield name, ["Resources", name, "Properties", *path, "Statement", j], statement


def as_list(value):
    return value if isinstance(value, list) else [value]


class IamWildcardAction(CloudFormationLintRule):
    id = "E9005"
    shortdesc = "No wildcard actions in IAM Allow statements"
    description = (
        "Least privilege: an Allow names each action it grants. Wildcards (s3:*, dynamodb:Get*, *) and "
        "NotAction grant actions nobody reviewed, including ones AWS adds later."
    )
    source_url = "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"
    tags = ["resources", "iam", "servapp"]

    def match(self, cfn):
        matches = []
        for name, path, statement in allow_statements(cfn):
            if "NotAction" in statement:
                matches.append(RuleMatch(path, f"{name} allows NotAction: name the actions instead"))
            for action in as_list(statement.get("Action", [])):
                if isinstance(action, str) and "*" in action:
                    matches.append(RuleMatch(path + ["Action"], f"{name} allows the wildcard action {action}"))
        return matches
