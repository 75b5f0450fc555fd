"""Every log group keeps its logs as long as its environment says, and no longer."""

import sys
from pathlib import Path

from cfnlint.rules import CloudFormationLintRule, RuleMatch

sys.path.insert(0, str(Path(__file__).parent))
from _conventions import CONVENTIONS, environment_of  # noqa: E402 - a sibling module, found through the line above


def expected_days(cfn):
    """The environment's retention (from the configuration), or the default for a template of no environment."""
    name = environment_of(cfn)
    environments = CONVENTIONS["environments"]
    if name is None:
        return CONVENTIONS["defaultLogRetentionDays"], "the default"
    if name not in environments:
        return None, f"environment {name}, which the configuration does not define"
    return environments[name]["logRetentionDays"], f"environment {name}"


class LogRetention(CloudFormationLintRule):
    id = "E9002"
    shortdesc = "Log groups keep logs as long as their environment says"
    description = (
        "Every AWS::Logs::LogGroup sets RetentionInDays to its environment's logRetentionDays "
        "(src/environments.ts; 7 days for templates of no environment): logs are kept long enough "
        "to debug a failed upload or review an incident, and no longer (cost, and market data echoed in logs)."
    )
    source_url = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html"
    tags = ["resources", "logs", "servapp"]

    def match(self, cfn):
        matches = []
        days_wanted, whose = expected_days(cfn)
        for name, resource in cfn.get_resources(["AWS::Logs::LogGroup"]).items():
            days = (resource.get("Properties") or {}).get("RetentionInDays")
            if days_wanted is None or days != days_wanted:
                kept = f"{days} days" if days is not None else "forever"
                wanted = f"{days_wanted} days, as {whose} says" if days_wanted is not None else f"a retention, but the template names {whose}"
                matches.append(
                    RuleMatch(
                        ["Resources", name, "Properties", "RetentionInDays"],
                        f"{name} keeps logs {kept}; it must keep {wanted}",
                    )
                )
        return matches
