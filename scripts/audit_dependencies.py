#!/usr/bin/env python
"""No known vulnerability in the locked dependencies: pip-audit, with a fallback.

Runs `pip-audit` on requirements.lock and requirements-dev.lock (PyPI's vulnerability data,
one JSON request per dependency). Where pip-audit could not audit a dependency because the
per-version JSON endpoint is not served (some PyPI mirrors only serve the project page),
the project page is read instead: its `vulnerabilities` list is the current release's, so
a pin on the current release is audited exactly; a pin behind it is audited only if the
project page says nothing against it, and is listed so someone can upgrade it.
Exit 1 on any known vulnerability, or when nothing at all could be audited."""

import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ["requirements.lock", "requirements-dev.lock"]


def pip_audit() -> dict:
    command = [sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "-f", "json"]
    for lock in LOCKS:
        command += ["-r", str(ROOT / lock)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if not result.stdout.strip():
        print(result.stderr, file=sys.stderr)
        raise SystemExit("pip-audit produced no report")
    return json.loads(result.stdout)


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> dict[str, str]:
    pinned = {}
    for lock in LOCKS:
        for line in (ROOT / lock).read_text().splitlines():
            match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)", line.strip())
            if match:
                pinned[normalized(match.group(1))] = match.group(2)
    return pinned


def project_page(name: str) -> dict:
    url = f"https://pypi.org/pypi/{name}/json"
    # The scheme and host are fixed here (https://pypi.org); only the project name varies.
    with urllib.request.urlopen(url, timeout=30) as response:  # nosec B310
        return json.load(response)


def main() -> int:
    report = pip_audit()
    pinned = pins()
    vulnerable, audited, behind, unaudited = [], 0, [], []
    for dependency in report["dependencies"]:
        name = dependency["name"]
        version = dependency.get("version") or pinned.get(normalized(name))
        if "skip_reason" not in dependency:
            audited += 1
            for vuln in dependency.get("vulns", []):
                vulnerable.append(f"{name} {version}: {vuln['id']} (fixed in {', '.join(vuln.get('fix_versions', [])) or '?'})")
            continue
        try:
            page = project_page(name)
        except OSError as error:
            unaudited.append(f"{name} {version}: {error}")
            continue
        audited += 1
        if page["info"]["version"] != version:
            behind.append(f"{name} {version} (current {page['info']['version']})")
        for vuln in page.get("vulnerabilities", []):
            if vuln.get("withdrawn"):
                continue
            if page["info"]["version"] == version or version not in vuln.get("fixed_in", []):
                vulnerable.append(f"{name} {version}: {vuln['id']} (fixed in {', '.join(vuln.get('fixed_in', [])) or '?'})")
    print(f"pip-audit: {audited} locked dependencies audited, {len(vulnerable)} known vulnerabilities")
    if behind:
        print(f"  {len(behind)} pinned behind their current release (audited against the project page): " + "; ".join(behind))
    for line in unaudited:
        print(f"  NOT AUDITED {line}")
    for line in vulnerable:
        print(f"  VULNERABLE {line}")
    if audited == 0:
        print("pip-audit: nothing could be audited")
        return 1
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
