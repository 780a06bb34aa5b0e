"""Builds a transfer package for the National Archive's electronic transfer API.

    python build_package.py SOURCE_FOLDER archive-metadata.json package.zip

SOURCE_FOLDER holds the files to transfer (it is copied, never changed). The script makes a BagIt
bag with the `bagit` library (sha256 manifests), adds archive-metadata.json as a tag file at the bag
root (listed in the tag manifest), and zips it. The paths in archive-metadata.json are the paths
inside the bag: "data/" + the path inside SOURCE_FOLDER.

Without arguments it builds example-package.zip from the example/ folder beside this script.
Send it with:

    curl -H "Authorization: Token $TOKEN" -H "Idempotency-Key: $(uuidgen)" \\
         -F package=@example-package.zip http://127.0.0.1:8000/api/v1/transfers/
"""
import json
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import bagit

HERE = Path(__file__).resolve().parent


def build(source: Path, metadata: Path, out: Path) -> Path:
    meta = json.loads(metadata.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        bag_dir = Path(tmp) / "bag"
        shutil.copytree(source, bag_dir)
        bag = bagit.make_bag(str(bag_dir), {"Source-Organization": meta.get("source_organization", "")},
                             checksums=["sha256"])
        (bag_dir / "archive-metadata.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2),
                                                       encoding="utf-8")
        bag.save(manifests=True)  # the tag manifest now covers archive-metadata.json
        bag.validate()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(bag_dir.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(bag_dir).as_posix())
    return out


if __name__ == "__main__":
    if len(sys.argv) == 4:
        print(build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))
    elif len(sys.argv) == 1:
        print(build(HERE / "example" / "files", HERE / "example" / "archive-metadata.json",
                    HERE / "example-package.zip"))
    else:
        sys.exit(__doc__)
