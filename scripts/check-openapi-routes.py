#!/usr/bin/env python3
"""Holds openapi.yaml against a running descent server.

Every (path, method) in the document must be served (the answer is neither a 'no route' 404 nor a 405), and every
other common method on a documented path must be answered 405 with an Allow header listing exactly the documented
methods (plus HEAD where GET is served). Unknown paths must be a problem+json 404.
Usage: check-openapi-routes.py BASE_URL openapi.yaml
"""
import json
import sys
import urllib.error
import urllib.request

import yaml

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY"]


def request(base, method, path):
    data = b"{}" if method in ("POST", "PUT", "PATCH") else None
    req = urllib.request.Request(base + path, method=method, data=data)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def main():
    base, document = sys.argv[1], sys.argv[2]
    with open(document) as handle:
        spec = yaml.safe_load(handle)
    failures = []
    for template, item in spec["paths"].items():
        path = template.replace("{id}", "job_0000000000000000").replace("{ref}", "mdl_0000000000000000")
        documented = {m.upper() for m in item if m.upper() in METHODS + ["HEAD"]}
        allow = set(documented) | ({"HEAD"} if "GET" in documented else set())
        for method in METHODS:
            status, headers, body = request(base, method, path)
            if method in documented:
                problem = json.loads(body) if status == 404 else {}
                if status == 405 or (status == 404 and problem.get("detail", "").startswith("no route")):
                    failures.append(f"{method} {template}: documented but answered {status}")
            else:
                if status != 405:
                    failures.append(f"{method} {template}: not documented but answered {status} (expected 405)")
                elif {m.strip() for m in headers.get("Allow", "").split(",")} != allow:
                    failures.append(f"{method} {template}: Allow {headers.get('Allow')!r}, documented {sorted(allow)}")
    status, headers, body = request(base, "GET", "/no-such-route")
    if status != 404 or headers.get("Content-Type") != "application/problem+json":
        failures.append(f"GET /no-such-route answered {status} {headers.get('Content-Type')}")
    for failure in failures:
        print("FAIL", failure)
    print(f"checked {len(spec['paths'])} paths x {len(METHODS)} methods: {len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
