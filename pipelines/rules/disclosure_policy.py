"""The profile's disclosure policy (`disclosure:`, checked by pipelines/config/schema.py and given as
Profile.disclosure): which tables can identify a person, the small-number threshold and the protection
interval.

    disclosure:
      threshold: 5        # counts 1..threshold in a protected table are withheld ([c]); 0: none at all
      protection: 5       # a withheld count must stay uncertain by at least this much (default: threshold)
      protect: [key, ...] # tables to protect as well as the default ones (table keys, as in tables/*.csv)
      publish: [key, ...] # default-protected tables to publish in full

The older `suppression: {threshold: N}` still works and means `disclosure: {threshold: N}`."""

from __future__ import annotations

# Tables about who complained and their circumstances: a small count there can point to a child.
# Volumes, outcomes and timeliness by procedure and stage are published in full, as councils do.
PERSON_TABLES = frozenset(
    {
        "complainants",
        "complainant_types",
        "advocacy_by_stage",
        "enquiries_advocacy",
    }
)
# A declared count (`measure: count` in a report file) by one of these fields is about people too.
PERSON_FIELDS = frozenset(
    {
        "complainant_type",
        "complainant_group",
        "advocate",
        "age",
        "age_group",
        "gender",
        "sex",
        "ethnicity",
        "disability",
        "sexual_orientation",
        "religion",
        "looked_after",
        "legal_status",
    }
)


def is_protected(policy: dict, key: str, rows_field: str | None = None) -> bool:
    """Whether a table (by key; a declared count also by the field down its side) is protected."""
    if policy.get("threshold", 0) <= 0:
        return False
    keys = {key, key.removeprefix("adult_")}
    if keys & policy.get("publish", frozenset()):
        return False
    return bool(keys & (policy.get("protect", frozenset()) | PERSON_TABLES)) or rows_field in PERSON_FIELDS


def policy_sentence(policy: dict) -> str:
    """The one sentence the introduction gives about small numbers."""
    if policy.get("threshold", 0) <= 0:
        return ""
    return (
        f"To protect the people who complained, counts from 1 to {policy['threshold']} in tables about who "
        "complained and their circumstances are shown as [c], together with any other figure that would "
        "let them be worked out; counts by procedure and stage, outcomes and timeliness are given in full."
    )
