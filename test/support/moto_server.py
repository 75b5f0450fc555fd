"""moto server (pinned in scripts/tools/requirements-moto.txt) with two documented work-arounds.

Run as `.tools/venv-moto/bin/python test/support/moto_server.py -H 127.0.0.1 -p PORT`
(the same arguments as `moto_server`).

1. moto 5.2.5 tags a CloudFormation `AWS::KMS::Key` with its API's tag shape (TagKey/TagValue)
   and fails with KeyError on the template shape (Key/Value), so every tagged key fails. The
   tags are converted before moto sees them.
2. moto materialises a self-managed StackSet instance's stack synchronously, inside
   CreateStackInstances. It cannot build the regional stack (it does not import a REST API's
   OpenAPI `Body`, so the API Deployment fails), and the error then fails the whole API call,
   where AWS would record the instance and report the failure per region. Here the instance is
   recorded and its stack kept unmaterialised (status CREATE_FAILED, reason in the server log),
   so the StackSet calls themselves can be tested. Nothing about the regional stack's resources is
   checked against moto; cfn-lint, checkov and the template tests do that.
"""

import sys

from moto.cloudformation import models as cf_models
from moto.kms import models as kms_models
from moto.server import main

_create_key = kms_models.Key.create_from_cloudformation_json.__func__


def _create_key_with_template_tags(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = cloudformation_json.get("Properties", {})
    properties["Tags"] = [
        {"TagKey": tag["Key"], "TagValue": tag["Value"]} if "Key" in tag else tag
        for tag in properties.get("Tags", [])
    ]
    return _create_key(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)


kms_models.Key.create_from_cloudformation_json = classmethod(_create_key_with_template_tags)

_instance_init = cf_models.StackInstance.__init__


def _instance_init_keeping_failures(self, account_id, region_name, stackset_id, stack_name, name, template, parameters, permission_model):
    try:
        _instance_init(self, account_id, region_name, stackset_id, stack_name, name, template, parameters, permission_model)
        return
    except Exception as error:  # noqa: BLE001 - any materialisation failure is reported the same way
        print(f"moto_server.py: stack instance {name} in {region_name} not materialised: {error}", file=sys.stderr, flush=True)
    params = parameters if isinstance(parameters, dict) else {p["ParameterKey"]: p["ParameterValue"] for p in parameters or []}
    backend = cf_models.cloudformation_backends[account_id][region_name]
    stack_id = cf_models.generate_stack_id(f"StackSet:{name}", region_name, account_id)
    stack = cf_models.Stack(
        stack_id=stack_id,
        name=f"StackSet:{name}",
        template=template,
        parameters=params,
        account_id=account_id,
        region_name=region_name,
        notification_arns=[],
        tags=None,
        role_arn=None,
        cross_stack_resources={},
        enable_termination_protection=False,
    )
    stack.status = "CREATE_FAILED"
    backend.stacks[stack_id] = stack
    self.stack = stack


cf_models.StackInstance.__init__ = _instance_init_keeping_failures

if __name__ == "__main__":
    main()
