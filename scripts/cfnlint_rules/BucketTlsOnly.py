"""Every S3 bucket has a bucket policy that denies requests made without TLS."""

from cfnlint.rules import CloudFormationLintRule, RuleMatch


def denies_plain_http(policy_resource):
    statements = ((policy_resource.get("Properties") or {}).get("PolicyDocument") or {}).get("Statement") or []
    for statement in statements:
        condition = (statement or {}).get("Condition") or {}
        secure = (condition.get("Bool") or {}).get("aws:SecureTransport")
        if statement.get("Effect") == "Deny" and str(secure).lower() == "false":
            return True
    return False


class BucketTlsOnly(CloudFormationLintRule):
    id = "E9008"
    shortdesc = "Buckets deny requests without TLS"
    description = (
        "Every AWS::S3::Bucket has an AWS::S3::BucketPolicy (Bucket: Ref to it) with a Deny statement "
        "conditioned on aws:SecureTransport false."
    )
    source_url = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html"
    tags = ["resources", "s3", "servapp"]

    def match(self, cfn):
        protected = set()
        for policy in cfn.get_resources(["AWS::S3::BucketPolicy"]).values():
            bucket = (policy.get("Properties") or {}).get("Bucket")
            if isinstance(bucket, dict) and "Ref" in bucket and denies_plain_http(policy):
                protected.add(bucket["Ref"])
        return [
            RuleMatch(["Resources", name], f"{name} has no bucket policy denying requests without TLS (aws:SecureTransport)")
            for name in cfn.get_resources(["AWS::S3::Bucket"])
            if name not in protected
        ]
