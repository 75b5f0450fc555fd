"""Every taggable resource carries ServApp's six standard tags."""

import sys
from pathlib import Path

from cfnlint.rules import CloudFormationLintRule, RuleMatch
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

sys.path.insert(0, str(Path(__file__).parent))
from _conventions import CONVENTIONS  # noqa: E402 - a sibling module, found through the line above

REQUIRED_TAGS = tuple(CONVENTIONS["standardTagKeys"])


class StandardTags(CloudFormationLintRule):
    id = "E9001"
    shortdesc = "Taggable resources carry the six standard tags"
    description = (
        "Every resource whose type has a Tags property must be tagged Project, ENVIRONMENT_SUFFIX, "
        "REGION, Environment, Team and CostCenter, so that cost and ownership reports cover it."
    )
    source_url = "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html"
    tags = ["resources", "tags", "servapp"]

    def _taggable(self, resource_type, region):
        try:
            schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(region, resource_type)
        except Exception:  # noqa: BLE001 - unknown types are another rule's business (E3006)
            return False
        return "Tags" in schema.schema.get("properties", {})

    def match(self, cfn):
        matches = []
        region = cfn.regions[0]
        for name, resource in cfn.get_resources().items():
            if not isinstance(resource, dict) or not self._taggable(resource.get("Type"), region):
                continue
            tags = (resource.get("Properties") or {}).get("Tags")
            keys = set()
            if isinstance(tags, list):
                keys = {t.get("Key") for t in tags if isinstance(t, dict)}
            elif isinstance(tags, dict):
                keys = set(tags)
            missing = [key for key in REQUIRED_TAGS if key not in keys]
            if missing:
                matches.append(
                    RuleMatch(
                        ["Resources", name, "Properties", "Tags"],
                        f"{name} ({resource['Type']}) is missing the tags {', '.join(missing)}",
                    )
                )
        return matches
