"""The profile's disclosure policy (`disclosure:`): which tables can identify a person, the small-number
threshold and the protection interval. Read once per section by report.Section.

    disclosure:
      threshold: 5        # counts 1..threshold in a protected table are withheld ([c]); 0: none at all
      protection: 5       # a withheld count must stay uncertain by at least this much (default: threshold)
      protect: [key, ...] # tables to protect as well as the default ones (table keys, as in tables/*.csv)
      publish: [key, ...] # default-protected tables to publish in full

The older `suppression: {threshold: N}` still works and means `disclosure: {threshold: N}`."""

from __future__ import annotations

from pipelines.config.vocabulary import ConfigError

DEFAULT_THRESHOLD = 5
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
# A profile's own breakdown (`breakdowns:`) by one of these fields is about people too.
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
KEYS = ("threshold", "protection", "protect", "publish")


class PolicyError(ConfigError):
    """A profile's disclosure policy cannot be used."""


def read_policy(raw: dict, where: str) -> dict:
    """The policy from a profile's raw YAML (`where` names the file in errors)."""
    policy = raw.get("disclosure")
    old = raw.get("suppression")
    if policy is not None and old is not None:
        raise PolicyError(
            f"{where}: give either `disclosure:` or the older `suppression:`, not both "
            "(move suppression.threshold to disclosure.threshold)"
        )
    if policy is None:
        if old is not None and not isinstance(old, dict):
            raise PolicyError(f"{where}: suppression must be a mapping like {{threshold: 5}}")
        policy = {"threshold": (old or {}).get("threshold", DEFAULT_THRESHOLD)}
    if not isinstance(policy, dict):
        raise PolicyError(f"{where}: disclosure must be a mapping with keys {', '.join(KEYS)}")
    unknown = set(policy) - set(KEYS)
    if unknown:
        raise PolicyError(f"{where}: disclosure.{sorted(unknown)[0]} is not a key; allowed: {', '.join(KEYS)}")
    threshold = _whole(policy.get("threshold", DEFAULT_THRESHOLD), f"{where}: disclosure.threshold")
    protection = _whole(policy.get("protection", threshold), f"{where}: disclosure.protection")
    lists = {}
    for name in ("protect", "publish"):
        value = policy.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise PolicyError(f"{where}: disclosure.{name} must be a list of table keys")
        lists[name] = frozenset(value)
    both = lists["protect"] & lists["publish"]
    if both:
        raise PolicyError(f"{where}: table {sorted(both)[0]} is in both disclosure.protect and disclosure.publish")
    return {"threshold": threshold, "protection": protection, **lists}


def _whole(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PolicyError(f"{what} must be a whole number, 0 or more (0 switches suppression off), not {value!r}")
    return value


def is_protected(policy: dict, key: str, rows_field: str | None = None) -> bool:
    """Whether a table (by key; a profile breakdown also by the field down its side) is protected."""
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
