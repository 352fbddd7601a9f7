"""Batch front end of the OASIS pattern validator (stix2-patterns) for taxiway's differential test.

Reads JSON lines from stdin, each a pattern string; writes one JSON line per input line, in order:
{"valid": true} or {"valid": false, "errors": [...]} or {"valid": false, "crash": "RecursionError: ..."}
when the validator itself raises. One process for every pattern: the validator's start-up dominates otherwise.
"""
import json
import sys

from stix2patterns.validator import run_validator

sys.setrecursionlimit(10000)

for line in sys.stdin:
    pattern = json.loads(line)
    try:
        errors = run_validator(pattern, stix_version="2.1")
        verdict = {"valid": not errors, "errors": [str(e) for e in errors]} if errors else {"valid": True}
    except BaseException as error:  # the validator's own bugs (RecursionError, IndexError) are verdicts too
        verdict = {"valid": False, "crash": f"{type(error).__name__}: {error}"[:300]}
    sys.stdout.write(json.dumps(verdict) + "\n")
