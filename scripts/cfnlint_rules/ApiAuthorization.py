"""Every REST API operation requires authorization, unless the template records an explicit NONE."""

from cfnlint.rules import CloudFormationLintRule, RuleMatch

# Template Metadata written by src/regional/api-auth.ts: REST API logical id -> reason.
RECORD = "ServAppUnauthenticatedApis"
METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "x-amazon-apigateway-any-method"]


def recorded(cfn, name):
    record = (cfn.template.get("Metadata") or {}).get(RECORD) or {}
    reason = record.get(name) if isinstance(record, dict) else None
    return isinstance(reason, str) and reason.strip() != ""


def is_preflight(method, operation):
    """CORS preflight answered by the gateway itself (mock integration): nothing behind it to protect."""
    integration = operation.get("x-amazon-apigateway-integration") or {}
    return method == "options" and integration.get("type") == "mock"


def authenticated(security, schemes):
    """Every alternative names at least one declared scheme; [] or [{}] means anyone may call."""
    if not isinstance(security, list) or not security:
        return False
    return all(isinstance(alt, dict) and alt and all(k in schemes for k in alt) for alt in security)


class ApiAuthorization(CloudFormationLintRule):
    id = "E9010"
    shortdesc = "REST API operations require authorization"
    description = (
        "An API fails closed: every operation of an AWS::ApiGateway::RestApi body and every "
        "AWS::ApiGateway::Method names an authorizer (or requires an API key), unless the template's "
        f"Metadata.{RECORD} records, for that API, that it is published without authentication on purpose."
    )
    source_url = "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html"
    tags = ["resources", "apigateway", "servapp"]

    def match(self, cfn):
        matches = []
        for name, resource in cfn.get_resources(["AWS::ApiGateway::RestApi"]).items():
            body = (resource.get("Properties") or {}).get("Body")
            if not isinstance(body, dict) or recorded(cfn, name):
                continue
            schemes = {
                **((body.get("components") or {}).get("securitySchemes") or {}),
                **(body.get("securityDefinitions") or {}),
            }
            default = body.get("security")
            for path, item in (body.get("paths") or {}).items():
                for method in METHODS:
                    operation = (item or {}).get(method)
                    if not isinstance(operation, dict) or is_preflight(method, operation):
                        continue
                    if not authenticated(operation.get("security", default), schemes):
                        matches.append(
                            RuleMatch(
                                ["Resources", name, "Properties", "Body", "paths", path, method],
                                f"{name} publishes {method.upper()} {path} without authorization",
                            )
                        )
        for name, resource in cfn.get_resources(["AWS::ApiGateway::Method"]).items():
            props = resource.get("Properties") or {}
            if str(props.get("HttpMethod", "")).upper() == "OPTIONS" or props.get("ApiKeyRequired") is True:
                continue
            if props.get("AuthorizationType", "NONE") != "NONE":
                continue
            api = props.get("RestApiId")
            if isinstance(api, dict) and recorded(cfn, api.get("Ref")):
                continue
            matches.append(
                RuleMatch(["Resources", name, "Properties"], f"{name} is a method without authorization")
            )
        return matches
