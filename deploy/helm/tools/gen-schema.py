#!/usr/bin/env python3
"""Writes deploy/helm/quire/values.schema.json from values.yaml: every object strict (additionalProperties: false),
types from the defaults, free-form only where Kubernetes takes free-form objects. Re-run after changing values.yaml."""
import json, os, yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CHART = os.path.join(HERE, "..", "quire")
values = yaml.safe_load(open(os.path.join(CHART, "values.yaml")))

FREE_MAPS = {"env", "podAnnotations", "nodeSelector", "labels", "annotations"}   # string -> scalar
FREE_OBJECTS = {"affinity", "seccompProfile"}                                    # any Kubernetes object
FREE_ARRAYS = {"envFrom", "tolerations", "imagePullSecrets"}                     # lists of Kubernetes objects
QUANTITY = {"anyOf": [{"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$"},
                      {"type": "number", "minimum": 0}]}
RESOURCES = {"type": "object", "additionalProperties": False, "required": ["requests", "limits"],
             "properties": {k: {"type": "object", "additionalProperties": False, "required": ["cpu", "memory"],
                                "properties": {"cpu": QUANTITY, "memory": QUANTITY}} for k in ("requests", "limits")}}
PINNED_IMAGE = {"type": "string", "pattern": "^[^\\s]+:[A-Za-z0-9._-]+$", "not": {"pattern": ":latest$"}}
SPECIAL = {
    ("global", "imagePullPolicy"): {"enum": ["Always", "IfNotPresent", "Never"]},
    ("global", "imageTag"): {"type": "string", "not": {"const": "latest"}},
    ("ingestion", "blobsStore"): {"enum": ["postgres", "s3"]},
    ("postgresql", "image"): PINNED_IMAGE, ("kafka", "image"): PINNED_IMAGE, ("redis", "image"): PINNED_IMAGE,
}

def infer(v, path):
    key = path[-1] if path else None
    if tuple(path[-2:]) in SPECIAL:
        return SPECIAL[tuple(path[-2:])]
    if key == "resources":
        return RESOURCES
    if key in FREE_MAPS:
        return {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}}
    if key in FREE_OBJECTS:
        return {"type": "object"}
    if key in FREE_ARRAYS:
        return {"type": "array", "items": {"type": "object"}}
    if isinstance(v, bool):
        return {"type": "boolean"}
    if isinstance(v, int):
        s = {"type": "integer", "minimum": 0}
        if key in ("port", "managementPort"):
            s = {"type": "integer", "minimum": 1, "maximum": 65535}
        if key in ("replicas", "minReplicas", "maxReplicas"):
            s = {"type": "integer", "minimum": 1}
        return s
    if isinstance(v, str):
        return {"type": "string"}
    if isinstance(v, list):
        return {"type": "array", "items": infer(v[0], path + ["[]"]) if v else {}}
    if isinstance(v, dict):
        props = {k: infer(x, path + [k]) for k, x in v.items()}
        return {"type": "object", "additionalProperties": False, "properties": props}
    raise ValueError(f"{'.'.join(path)}: {v!r}")

schema = infer(values, [])
schema["$schema"] = "http://json-schema.org/draft-07/schema#"
schema["title"] = "Quire Helm chart values"
# a component's own keys are all required in the defaults; a user's values merge onto them
comps = schema["properties"]["components"]
for name, c in comps["properties"].items():
    c["required"] = sorted(c["properties"].keys())
open(os.path.join(CHART, "values.schema.json"), "w").write(json.dumps(schema, indent=2) + "\n")
print("wrote values.schema.json")
