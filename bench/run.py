"""`make bench`: the site's pages against Django's own floor, under real load on 127.0.0.1.

1. Builds a throwaway site (SQLite, the starting content, collected static files)
   with the production settings (DEBUG off, a file cache shared by the workers,
   or REDIS_URL / DATABASE_URL when set) and measures, in process, the SQL
   queries of a warm anonymous request and the uncached render of each page.
2. Starts the site under gunicorn with the configuration the README documents
   (safeguarding_site/gunicorn_conf.py), and the floor (bench/floor.py: a bare
   Django app returning the home page's bytes from memory) under the same one.
3. Loads each page with wrk (32 connections, --duration seconds), alternating
   floor and site, --rounds times, and prints req/s, p50/p99, errors, bytes and
   requests per page and the ratio to the floor. --soak N adds an N-second run
   at 64 connections on the home page, with worker memory before and after.

Only 127.0.0.1 is ever loaded, for a bounded time.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PAGES = [
    ("home", "/"),
    ("guide part", "/guide/who-are-child-sex-offenders/"),
    ("directory", "/get-help/"),
    ("situation", "/what-should-i-do/child-in-danger-now/"),
]
ACCEPT = {"Accept-Encoding": "br, gzip", "User-Agent": "bench"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(tmp):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "safeguarding_site.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_STATIC_ROOT": str(ROOT / "staticfiles"),
            "PYTHONPATH": str(ROOT),
        }
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'db.sqlite3'}")
    if not env.get("REDIS_URL"):
        env["DJANGO_CACHE"] = f"file:{tmp / 'cache'}"
    return env


def manage(env, *args):
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def start_gunicorn(env, app, port):
    env = {**env, "PORT": str(port)}
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "safeguarding_site/gunicorn_conf.py", app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/robots.txt", timeout=2).read()
            return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{app} did not start on port {port}")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def fetch(url):
    with urllib.request.urlopen(urllib.request.Request(url, headers=ACCEPT), timeout=10) as response:
        return response.read(), dict(response.headers)


class AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon") or tag == "script" and attrs.get("src"):
            self.assets.append(attrs.get("href") or attrs.get("src"))
        elif tag == "img" and attrs.get("src"):
            self.assets.append(attrs["src"])


def page_weight(base, path):
    """Bytes of the HTML and of every asset it loads, compressed as served, and the request count."""
    body, _headers = fetch(base + path)
    parser = AssetParser()
    parser.feed(body.decode("utf-8", "replace"))
    total = len(body)
    cache_ok = True
    for asset in parser.assets:
        content, headers = fetch(base + asset)
        total += len(content)
        cache_ok = cache_ok and "immutable" in headers.get("Cache-Control", "")
    return {
        "html_bytes": len(body),
        "total_bytes": total,
        "requests": 1 + len(parser.assets),
        "assets_immutable": cache_ok,
    }


def wrk(url, connections, duration):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s", url],
        capture_output=True,
        text=True,
        timeout=duration + 30,
        check=True,
    ).stdout

    def number(pattern):
        match = re.search(pattern, output)
        return float(match.group(1)) if match else 0.0

    def millis(label):
        match = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)\b", output)
        if not match:
            return 0.0
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    errors += int(number(r"Non-2xx or 3xx responses: (\d+)"))
    return {"rps": number(r"Requests/sec:\s+([\d.]+)"), "p50": millis("50"), "p99": millis("99"), "errors": errors}


def worker_rss_kib(master):
    children = subprocess.run(["ps", "-o", "rss=", "--ppid", str(master.pid)], capture_output=True, text=True).stdout
    return sum(int(value) for value in children.split())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run (default 5)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating floor/site rounds per page (default 2)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--soak", type=int, default=0, help="seconds of a 64-connection run on the home page")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs wrk (Debian package 'wrk'): apt-get install wrk")

    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    env = site_env(tmp)
    print(f"Building a throwaway site in {tmp} ...", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_content")
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput")
    paths = [path for _name, path in PAGES]
    in_process = json.loads(
        subprocess.run(
            [str(BIN / "python"), "bench/measure.py", *paths],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )

    site, site_url = start_gunicorn(env, "safeguarding_site.wsgi", free_port())
    floor = None
    try:
        home, _headers = fetch(site_url + "/")
        (tmp / "home.html").write_bytes(home)
        floor, floor_url = start_gunicorn(
            {**env, "FLOOR_BODY_FILE": str(tmp / "home.html")}, "bench.floor:application", free_port()
        )
        stylesheet = re.search(rb'href="(/static/css/site\.[^"]+\.css)"', home).group(1).decode()
        targets = [*PAGES, ("static CSS", stylesheet)]
        for _name, path in targets:  # warm every worker's memory
            for _ in range(20):
                urllib.request.urlopen(site_url + path).read()
        results = {name: {"site": [], "floor": []} for name, _path in targets}
        for _round in range(args.rounds):
            for name, path in targets:
                results[name]["floor"].append(wrk(floor_url + "/", args.connections, args.duration))
                results[name]["site"].append(wrk(site_url + path, args.connections, args.duration))

        print()
        print(
            f"wrk, {args.connections} connections, {args.duration}s x {args.rounds} rounds, alternating floor and site"
        )
        header = (
            f"{'page':<12} {'req/s':>8} {'floor':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
            f"{'queries':>7} {'HTML B':>7} {'total B':>8} {'reqs':>4}"
        )
        print(header)
        print("-" * len(header))
        for name, path in targets:
            site_runs, floor_runs = results[name]["site"], results[name]["floor"]
            rps = statistics.median(run["rps"] for run in site_runs)
            floor_rps = statistics.median(run["rps"] for run in floor_runs)
            p50 = statistics.median(run["p50"] for run in site_runs)
            p99 = statistics.median(run["p99"] for run in site_runs)
            errors = sum(run["errors"] for run in site_runs)
            if path.startswith("/static/"):
                weight = {"html_bytes": 0, "total_bytes": len(fetch(site_url + path)[0]), "requests": 1}
                queries = 0
            else:
                weight = page_weight(site_url, path)
                queries = in_process[path]["warm_queries"]
            print(
                f"{name:<12} {rps:>8.0f} {floor_rps:>8.0f} {rps / floor_rps:>6.2f} {p50:>7.2f} {p99:>7.2f} {errors:>6} "
                f"{queries:>7} {weight['html_bytes']:>7} {weight['total_bytes']:>8} {weight['requests']:>4}"
            )
        print()
        print("Uncached render (every cache empty), median of 25, in process")
        print(f"{'page':<12} {'ms':>7} {'queries':>8}")
        for name, path in PAGES:
            figures = in_process[path]
            print(f"{name:<12} {figures['uncached_ms']:>7.2f} {figures['uncached_queries']:>8}")

        if args.soak:
            before = worker_rss_kib(site)
            soak = wrk(site_url + "/", 64, args.soak)
            after = worker_rss_kib(site)
            print()
            print(
                f"Soak: home page, 64 connections, {args.soak}s: {soak['rps']:.0f} req/s, p99 {soak['p99']:.2f} ms, "
                f"{soak['errors']} errors; worker RSS {before / 1024:.1f} MiB before, {after / 1024:.1f} MiB after"
            )
    finally:
        stop(site)
        if floor is not None:
            stop(floor)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
