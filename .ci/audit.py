"""`make audit`: the installed dependencies against PyPI's advisories, with pip-audit.

Fails on a known vulnerability, and when PyPI cannot be reached (never a silent pass); lists
loudly the dependencies PyPI could not say anything about (docs/security.md, "Dependencies").
`REVMECH_AUDIT_STRICT=1` makes those fail too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

SERVICE = "https://pypi.org/pypi/pip/json"
BIN = Path(sys.executable).parent


def _fail(message: str) -> int:
    print(f"make audit: FAILED: {message}", file=sys.stderr)
    return 1


def main() -> int:
    try:
        with urllib.request.urlopen(SERVICE, timeout=20) as answer:
            answer.read(1)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        return _fail(
            f"PyPI's vulnerability service cannot be reached ({error}); "
            "the dependencies were not audited."
        )
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        run = subprocess.run(  # noqa: S603 - pip-audit of this environment, fixed arguments
            [
                str(BIN / "pip-audit"),
                "--vulnerability-service",
                "pypi",
                "--skip-editable",  # revmech itself, which is not on PyPI
                "--progress-spinner",
                "off",
                "--timeout",
                "30",
                "--format",
                "json",
                "--output",
                str(report),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if not report.exists():
            print(run.stderr[-3000:], file=sys.stderr)
            return _fail("pip-audit stopped before it could report (see above).")
        found = json.loads(report.read_text())
    dependencies = found.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    unknown = [
        d for d in dependencies if d.get("skip_reason") and "editable" not in d["skip_reason"]
    ]
    audited = [d for d in dependencies if "skip_reason" not in d]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            print(f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})")
    if unknown:
        names = ", ".join(d["name"] for d in unknown)
        print(
            f"WARNING: {len(unknown)} of {len(unknown) + len(audited)} installed dependencies "
            f"could not be audited (PyPI has no advisory data for these versions): {names}",
            file=sys.stderr,
        )
    print(f"Audited {len(audited)} dependencies; {len(vulnerable)} with a known vulnerability.")
    if vulnerable:
        return _fail(f"{len(vulnerable)} dependencies with a known vulnerability (above).")
    if unknown and os.environ.get("REVMECH_AUDIT_STRICT") == "1":
        return _fail(f"{len(unknown)} dependencies could not be audited (REVMECH_AUDIT_STRICT=1).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
