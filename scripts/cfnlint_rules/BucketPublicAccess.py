"""Every S3 bucket blocks public access with all four settings."""

from cfnlint.rules import CloudFormationLintRule, RuleMatch

SETTINGS = ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")


class BucketPublicAccess(CloudFormationLintRule):
    id = "E9007"
    shortdesc = "Buckets block public access"
    description = "Every AWS::S3::Bucket sets all four PublicAccessBlockConfiguration settings to true."
    source_url = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"
    tags = ["resources", "s3", "servapp"]

    def match(self, cfn):
        matches = []
        for name, resource in cfn.get_resources(["AWS::S3::Bucket"]).items():
            block = (resource.get("Properties") or {}).get("PublicAccessBlockConfiguration") or {}
            off = [setting for setting in SETTINGS if block.get(setting) is not True]
            if off:
                matches.append(
                    RuleMatch(
                        ["Resources", name, "Properties"],
                        f"{name} does not block public access: {', '.join(off)} must be true",
                    )
                )
        return matches
