"""Every Lambda function has a dead-letter target for events it could not process."""

from cfnlint.rules import CloudFormationLintRule, RuleMatch


class LambdaDeadLetter(CloudFormationLintRule):
    id = "E9004"
    shortdesc = "Lambda functions have a dead-letter target"
    description = (
        "Every AWS::Lambda::Function sets DeadLetterConfig.TargetArn, so that an asynchronous event "
        "that fails all retries is kept rather than dropped."
    )
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"
    tags = ["resources", "lambda", "servapp"]

    def match(self, cfn):
        matches = []
        for name, resource in cfn.get_resources(["AWS::Lambda::Function"]).items():
            target = ((resource.get("Properties") or {}).get("DeadLetterConfig") or {}).get("TargetArn")
            if not target:
                matches.append(
                    RuleMatch(
                        ["Resources", name, "Properties"],
                        f"{name} has no DeadLetterConfig.TargetArn: failed asynchronous events would be lost",
                    )
                )
        return matches
