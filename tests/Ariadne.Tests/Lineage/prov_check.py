"""Reads a PROV-JSON file with the W3C PROV library for Python (Debian's python3-prov, not written here) and checks
every relation: its endpoints must be records of the document of the right kind. Prints one line 'RESULT {json}'.
Usage: python3 prov_check.py FILE.json"""
import json
import sys

import prov.model as pm
from prov.model import ProvDocument

document = ProvDocument.deserialize(source=sys.argv[1], format="json")
flat = document.flattened()
kinds = {}
for record in flat.get_records(pm.ProvElement):
    kinds[str(record.identifier)] = record.get_type()

counts = {}
problems = []
checks = {
    pm.PROV_USAGE: [(pm.PROV_ATTR_ACTIVITY, pm.PROV_ACTIVITY), (pm.PROV_ATTR_ENTITY, pm.PROV_ENTITY)],
    pm.PROV_GENERATION: [(pm.PROV_ATTR_ENTITY, pm.PROV_ENTITY), (pm.PROV_ATTR_ACTIVITY, pm.PROV_ACTIVITY)],
    pm.PROV_ASSOCIATION: [(pm.PROV_ATTR_ACTIVITY, pm.PROV_ACTIVITY), (pm.PROV_ATTR_AGENT, pm.PROV_AGENT)],
    pm.PROV_DERIVATION: [(pm.PROV_ATTR_GENERATED_ENTITY, pm.PROV_ENTITY), (pm.PROV_ATTR_USED_ENTITY, pm.PROV_ENTITY)],
    pm.PROV_COMMUNICATION: [(pm.PROV_ATTR_INFORMED, pm.PROV_ACTIVITY), (pm.PROV_ATTR_INFORMANT, pm.PROV_ACTIVITY)],
}
for relation in flat.get_records(pm.ProvRelation):
    name = str(relation.get_type())
    counts[name] = counts.get(name, 0) + 1
    attributes = dict(relation.formal_attributes)
    for attribute, kind in checks.get(relation.get_type(), []):
        value = attributes.get(attribute)
        if value is None or kinds.get(str(value)) != kind:
            problems.append(f"{name} {relation.identifier}: {attribute} = {value} is not a {kind}")

print("RESULT " + json.dumps({
    "entities": sorted(k for k, v in kinds.items() if v == pm.PROV_ENTITY),
    "activities": sorted(k for k, v in kinds.items() if v == pm.PROV_ACTIVITY),
    "agents": sorted(k for k, v in kinds.items() if v == pm.PROV_AGENT),
    "relations": counts,
    "problems": problems,
    "roundtrip": len(ProvDocument.deserialize(content=flat.serialize(format="json"), format="json").get_records()),
}))
