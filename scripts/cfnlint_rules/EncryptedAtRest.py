"""Every queue, table and topic is encrypted at rest."""

from cfnlint.rules import CloudFormationLintRule, RuleMatch


def queue_encrypted(props):
    return bool(props.get("KmsMasterKeyId")) or props.get("SqsManagedSseEnabled") is True


def table_encrypted(props):
    return (props.get("SSESpecification") or {}).get("SSEEnabled") is True


def topic_encrypted(props):
    return bool(props.get("KmsMasterKeyId"))


CHECKS = {
    "AWS::SQS::Queue": (queue_encrypted, "KmsMasterKeyId or SqsManagedSseEnabled"),
    "AWS::DynamoDB::Table": (table_encrypted, "SSESpecification.SSEEnabled true"),
    "AWS::SNS::Topic": (topic_encrypted, "KmsMasterKeyId"),
}


class EncryptedAtRest(CloudFormationLintRule):
    id = "E9009"
    shortdesc = "Queues, tables and topics are encrypted"
    description = (
        "Every AWS::SQS::Queue, AWS::DynamoDB::Table and AWS::SNS::Topic states its encryption at rest "
        "explicitly, so that a reviewer sees it and a default change cannot remove it."
    )
    source_url = "https://docs.aws.amazon.com/kms/latest/developerguide/service-integration.html"
    tags = ["resources", "encryption", "servapp"]

    def match(self, cfn):
        matches = []
        for name, resource in cfn.get_resources(list(CHECKS)).items():
            check, setting = CHECKS[resource["Type"]]
            if not check(resource.get("Properties") or {}):
                matches.append(RuleMatch(["Resources", name, "Properties"], f"{name} is not encrypted at rest: set {setting}"))
        return matches
