# The OASIS Python reference stack on the same run (issue 24): taxii2-client pages the collection, stix2-patterns
# parses each pattern, each comparison becomes a CSV row; one fsync at the end. No checkpoint, no normalisation.
#   python oasis-stack.py COLLECTION_URL OUT.csv
import csv
import os
import sys

from stix2patterns.v21.pattern import Pattern
from taxii2client.v21 import Collection, as_pages

collection_url, out = sys.argv[1], sys.argv[2]
collection = Collection(collection_url)
with open(out, "w", newline="") as handle:
    writer = csv.writer(handle)
    for envelope in as_pages(collection.get_objects, per_request=1000):
        for obj in envelope.get("objects", []):
            pattern = obj.get("pattern")
            if not pattern:
                continue
            for object_type, comparisons in Pattern(pattern).inspect().comparisons.items():
                for path, _op, value in comparisons:
                    writer.writerow([object_type, value.strip("'"), obj["id"]])
    handle.flush()
    os.fsync(handle.fileno())

if os.environ.get("TAXIWAY_BENCH_USAGE"):
    import json
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(os.environ["TAXIWAY_BENCH_USAGE"], "w") as report:
        json.dump(
            {
                "cpuMicros": round((usage.ru_utime + usage.ru_stime) * 1e6),
                "maxRssKiB": usage.ru_maxrss,
            },
            report,
        )
