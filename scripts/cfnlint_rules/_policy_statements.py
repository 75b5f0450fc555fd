"""Shared by the IAM rules: every Allow statement of every policy document in a template, and which
of a list of actions a statement grants (its action patterns may use wildcards).

The leading underscore keeps cfn-lint from loading this file as a rule module.
"""

from fnmatch import fnmatchcase

POLICY_TYPES = ["AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy"]


def allow_statements(cfn):
    """(resource name, path to the statement, statement) for each Allow statement."""
    for name, resource in cfn.get_resources(POLICY_TYPES).items():
        props = resource.get("Properties") or {}
        documents = [(["PolicyDocument"], props.get("PolicyDocument"))]
        documents += [
            (["Policies", i, "PolicyDocument"], (p or {}).get("PolicyDocument"))
            for i, p in enumerate(props.get("Policies") or [])
        ]
        for path, document in documents:
            statements = (document or {}).get("Statement") or []
            for j, statement in enumerate(statements if isinstance(statements, list) else [statements]):
                if isinstance(statement, dict) and statement.get("Effect") == "Allow":
                    yield name, ["Resources", name, "Properties", *path, "Statement", j], statement


def granted(statement, names):
    """The names among `names` that the statement's Action patterns match, sorted."""
    actions = statement.get("Action", [])
    actions = [a for a in (actions if isinstance(actions, list) else [actions]) if isinstance(a, str)]
    return sorted({n for n in names for a in actions if fnmatchcase(n.lower(), a.lower())})
