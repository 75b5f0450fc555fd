"""Every log group keeps its logs for exactly 7 days."""

from cfnlint.rules import CloudFormationLintRule, RuleMatch

RETENTION_DAYS = 7


class LogRetention(CloudFormationLintRule):
    id = "E9002"
    shortdesc = "Log groups keep logs 7 days"
    description = (
        "Every AWS::Logs::LogGroup sets RetentionInDays to 7: logs are kept long enough to debug a "
        "failed upload and no longer (cost, and market data echoed in logs)."
    )
    source_url = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html"
    tags = ["resources", "logs", "servapp"]

    def match(self, cfn):
        matches = []
        for name, resource in cfn.get_resources(["AWS::Logs::LogGroup"]).items():
            days = (resource.get("Properties") or {}).get("RetentionInDays")
            if days != RETENTION_DAYS:
                matches.append(
                    RuleMatch(
                        ["Resources", name, "Properties", "RetentionInDays"],
                        f"{name} keeps logs {f'{days} days' if days is not None else 'forever'}; it must keep {RETENTION_DAYS} days",
                    )
                )
        return matches
