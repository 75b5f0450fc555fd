"""The project's conventions as the TypeScript build generated them (data/conventions.json)."""

import json
from pathlib import Path

CONVENTIONS = json.loads((Path(__file__).parent / "data" / "conventions.json").read_text(encoding="utf-8"))


def environment_of(cfn):
    """The name of the environment a template records it was built for, or None."""
    metadata = cfn.template.get("Metadata") or {}
    record = metadata.get(CONVENTIONS["environmentMetadataKey"])
    return record.get("name") if isinstance(record, dict) else None
