"""Every IAM role carries a permissions boundary."""

from cfnlint.rules import CloudFormationLintRule, RuleMatch


class RoleBoundary(CloudFormationLintRule):
    id = "E9011"
    shortdesc = "Every IAM role has a permissions boundary"
    description = (
        "A role's inline and managed policies can be rewritten by whoever deploys the stack; the "
        "permissions boundary caps what they can ever grant. Roles that cannot carry ServApp's "
        "boundary (the StackSet and pipeline roles, which deploy it) say why in their Metadata."
    )
    source_url = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html"
    tags = ["resources", "iam", "servapp"]

    def match(self, cfn):
        matches = []
        for name, resource in cfn.get_resources(["AWS::IAM::Role"]).items():
            if not (resource.get("Properties") or {}).get("PermissionsBoundary"):
                matches.append(
                    RuleMatch(["Resources", name, "Properties"], f"{name} has no PermissionsBoundary")
                )
        return matches
