"""Every Lambda function traces with X-Ray and writes JSON logs to a log group the template owns."""

from cfnlint.rules import CloudFormationLintRule, RuleMatch


class LambdaObservability(CloudFormationLintRule):
    id = "E9003"
    shortdesc = "Lambda functions have X-Ray active and JSON logs"
    description = (
        "Every AWS::Lambda::Function sets TracingConfig.Mode Active and LoggingConfig with LogFormat "
        "JSON and an explicit LogGroup (so that the template controls its retention)."
    )
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html"
    tags = ["resources", "lambda", "servapp"]

    def match(self, cfn):
        matches = []
        for name, resource in cfn.get_resources(["AWS::Lambda::Function"]).items():
            props = resource.get("Properties") or {}
            path = ["Resources", name, "Properties"]
            if (props.get("TracingConfig") or {}).get("Mode") != "Active":
                matches.append(RuleMatch(path + ["TracingConfig"], f"{name} must set TracingConfig.Mode Active"))
            logging = props.get("LoggingConfig") or {}
            if logging.get("LogFormat") != "JSON":
                matches.append(RuleMatch(path + ["LoggingConfig"], f"{name} must set LoggingConfig.LogFormat JSON"))
            if not logging.get("LogGroup"):
                matches.append(
                    RuleMatch(path + ["LoggingConfig"], f"{name} must log to an explicit LoggingConfig.LogGroup")
                )
        return matches
