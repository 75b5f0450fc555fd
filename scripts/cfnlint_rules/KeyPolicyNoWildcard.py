"""No key policy grants kms:* (or any wildcard action, or NotAction)."""

from cfnlint.rules import CloudFormationLintRule, RuleMatch


class KeyPolicyNoWildcard(CloudFormationLintRule):
    id = "E9014"
    shortdesc = "No wildcard actions in KMS key policies"
    description = (
        "A key policy names each action it allows: administration for the account, use through the "
        "services that encrypt with the key. kms:* hands every principal the account trusts the power "
        "to decrypt, re-grant and delete."
    )
    source_url = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html"
    tags = ["resources", "kms", "servapp"]

    def match(self, cfn):
        matches = []
        for name, resource in cfn.get_resources(["AWS::KMS::Key", "AWS::KMS::ReplicaKey"]).items():
            policy = (resource.get("Properties") or {}).get("KeyPolicy") or {}
            statements = policy.get("Statement") or [] if isinstance(policy, dict) else []
            for j, statement in enumerate(statements if isinstance(statements, list) else [statements]):
                if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
                    continue
                path = ["Resources", name, "Properties", "KeyPolicy", "Statement", j]
                if "NotAction" in statement:
                    matches.append(RuleMatch(path, f"{name} key policy allows NotAction"))
                actions = statement.get("Action", [])
                for action in actions if isinstance(actions, list) else [actions]:
                    if isinstance(action, str) and "*" in action:
                        matches.append(
                            RuleMatch(path + ["Action"], f"{name} key policy allows the wildcard action {action}")
                        )
        return matches
