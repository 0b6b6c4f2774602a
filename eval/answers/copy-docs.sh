#!/usr/bin/env bash
# Copies the documents of questions.json from this machine's Debian documentation into DIR (gunzipping .gz files):
# the question set is committed, the documents are not (they belong to their packages).
set -euo pipefail
dir=${1:?usage: copy-docs.sh DIR [QUESTIONS.json, default questions.json]}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
python3 - "$here/questions.json" "$dir" <<'PY'
import gzip, json, shutil, sys, os
spec, out = sys.argv[1], sys.argv[2]
for d in json.load(open(spec))["documents"]:
    src, dst = d["source"], os.path.join(out, d["file"])
    if not os.path.exists(src):
        sys.exit(f"{src} is missing: install its Debian package (see eval/answers/README.md)")
    opener = gzip.open if src.endswith(".gz") else open
    with opener(src, "rb") as i, open(dst, "wb") as o:
        shutil.copyfileobj(i, o)
    print(f"{d['format']:<28} {dst}")
PY
spec=${2:-questions.json}
[ -f "$spec" ] || spec="$here/$spec"   # a bare name means the set beside this script
cp "$spec" "$dir/questions.json"
