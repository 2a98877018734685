"""`make bench`: the site's pages against Django's own floor, under real load on 127.0.0.1.

1. Builds a throwaway site (SQLite, the starting content, collected static files)
   with the production settings (DEBUG off, a file cache shared by the workers,
   or REDIS_URL / DATABASE_URL when set) and measures, in process, the SQL
   queries of a warm anonymous request and the uncached render of each page.
2. Builds its mirror (timed) for the address nginx will answer on, which every
   request below names (so without nginx the mirror's WSGI layer answers pages,
   as it would a visitor's). Starts the site under gunicorn with the
   configuration the README documents (safeguarding_site/gunicorn_conf.py), and the floor (bench/floor.py: a bare
   Django app returning from memory each page's bytes as the site sent them,
   compressed as the site compressed them for the same Accept-Encoding) under
   the same one.
3. Loads each page with wrk (32 connections, --duration seconds), alternating
   floor and site on the same path, --rounds times, and prints req/s, p50/p99,
   errors, bytes and requests per page and the ratio to the floor.
4. When nginx is installed (`make nginx`), starts
   nginx in front of that gunicorn with deploy/nginx.conf.template (rendered by
   deploy/render-nginx-conf into a throwaway prefix folder), plus two more
   servers on the same nginx (the "static limit", sendfile on and off) that
   send copies of the mirror's own files for the same addresses, with the same
   status and headers, chosen by the same Accept-Encoding, and none of the
   site's maps and conditions. For one page of each kind (home, whole guide,
   guide part, situation, directory, directory filter, service, sitemap,
   robots.txt, any other page, and the 404 page for an address the mirror does
   not have), or every page in the mirror with --all-pages, loads the page
   through the site's configuration and the static limit back to back,
   --rounds times, and prints for each the ratio of requests per second and of
   nginx's CPU time per request (the target is 0.95 or more), the lowest, and
   whatever is not like for like. Then publishes a new home page title
   (bench/publish.py) and times it until nginx serves it.
5. --soak N adds an N-second run at 64 connections on the home page straight
   to gunicorn (a fresh instance with worker recycling off, so a leak shows),
   then another through nginx when it is there: errors, worker memory before
   and after and, through nginx, how many requests the mirror answered.

Only 127.0.0.1 is ever loaded, for a bounded time.
"""

import argparse
import collections
import gzip
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PAGES = [
    ("home", "/"),
    ("guide part", "/guide/who-are-child-sex-offenders/"),
    ("whole guide", "/guide/"),  # every part on one page: the heaviest render
    ("directory", "/get-help/"),
    ("situation", "/what-should-i-do/child-in-danger-now/"),
    ("directory filter", "/get-help/for/young-person-needs-to-talk/"),
]
ACCEPT = {"Accept-Encoding": "br, gzip", "User-Agent": "bench"}
NGINX = shutil.which("nginx") or next((path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None)


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
        except urllib.error.HTTPError:  # it answered (the floor has no robots.txt)
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


# Each kind of page the mirror holds, by its address (the first page of each kind is
# measured through nginx unless --all-pages), and the 404 page, for an address it has not.
PAGE_KINDS = [
    ("home", r"/"),
    ("whole guide", r"/guide/"),
    ("guide part", r"/guide/[^/]+/"),
    ("situation", r"/what-should-i-do/[^/]+/"),
    ("directory", r"/get-help/"),
    ("directory filter", r"/get-help/for/[^/]+/"),
    ("service", r"/get-help/[^/]+/"),
    ("sitemap", r"/sitemap\.xml"),
    ("robots.txt", r"/robots\.txt"),
]
NOT_FOUND = ("404", "/bench-no-such-page/")
# nginx sends its own (render-nginx-conf leaves them out of a mirror page's headers too).
NGINX_OWN_HEADERS = {"etag", "last-modified", "content-length", "date", "server"}
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")  # as render-nginx-conf finds it


def page_kind(path):
    kind = next((name for name, pattern in PAGE_KINDS if re.fullmatch(pattern, path)), None)
    return kind or "other page"


def proxied_pages(mirror_root, all_pages=False):
    """[(kind, path, entry)]: every page in the mirror's build, or the first of each kind, then the 404 page."""
    manifest = json.loads((Path(mirror_root) / "current" / "headers.json").read_text())
    chosen, seen = [], set()
    for path in sorted(manifest["pages"], key=lambda path: (path.count("/"), path)):
        kind = page_kind(path)
        if all_pages or kind not in seen:
            seen.add(kind)
            chosen.append((kind, path, manifest["pages"][path]))
    order = [name for name, _pattern in PAGE_KINDS] + ["other page"]
    chosen.sort(key=lambda page: order.index(page[0]))
    return [*chosen, (*NOT_FOUND, manifest["errors"]["404"])]


def static_limit_conf(folder, mirror_root, pages, ports):
    """Servers sending each page's own files with its headers, as nginx sends any file: the static limit.

    Like for like with the site's nginx: for each page the same bytes (the
    mirror's file and its .gz, and .br when nginx has brotli_static; copied
    with their times, so the ETag and Last-Modified match too), the same status
    and headers, chosen by the same Accept-Encoding; but none of the site's
    maps and conditions. One server per (port, sendfile) pair; the 404 page is
    answered for its path with a 404, as error_page sends a file.
    """
    folder.mkdir()
    build = Path(mirror_root) / "current"
    codings = ("identity", "gzip", "br") if BROTLI_MODULE.exists() else ("identity", "gzip")
    compression = ["gzip_static on;", "brotli_static on;"][: len(codings) - 1]
    locations = []
    for number, (_kind, path, entry) in enumerate(pages):
        name = f"{number}{Path(entry['files']['identity']).suffix}"
        for coding, suffix in zip(codings, ("", ".gz", ".br"), strict=False):
            shutil.copy2(build / entry["files"][coding], folder / (name + suffix))
        lines = ["types { }", *compression]
        for header, value in entry["headers"]:
            if header.lower() == "content-type":
                lines.append(f'default_type "{value}";')
            elif header.lower() not in NGINX_OWN_HEADERS:
                lines.append(f'add_header {header} "{value}" always;')
        headers = "".join(f"        {line}\n" for line in lines)
        status = entry["status"]
        if status == 200:
            locations.append(
                f"    location = {path} {{\n        root {folder};\n        try_files /{name} =404;\n{headers}    }}\n"
            )
        else:
            locations.append(
                f"    location = {path} {{\n        error_page {status} /{name};\n        return {status};\n    }}\n"
                f"    location = /{name} {{\n        internal;\n        root {folder};\n{headers}    }}\n"
            )
    return "".join(
        f"server {{\n    listen 127.0.0.1:{port};\n    sendfile {sendfile};\n{''.join(locations)}}}\n"
        for port, sendfile in ports
    )


class Nginx:
    """nginx with the deploy/ configuration in front of one gunicorn and the mirror, in a throwaway prefix folder.

    With static_limit (proxied_pages()), also serves those pages' files as
    plain files (static_limit_conf) on a second port (the static limit, as
    nginx serves any file: sendfile on), and on a third port with sendfile off
    as the site's mirror pages are sent.
    Runs in the foreground as a child process (daemon off), so stop() always
    ends it. `port` is chosen before the mirror is built: the mirror's pages
    are built for this host and port (DJANGO_MIRROR_HOST).
    """

    def __init__(self, env, upstream_port, mirror_root, static_limit=None, port=None):
        self.prefix = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        # Under root nginx's workers run as "nobody": they must reach the files here.
        self.prefix.chmod(0o755)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.static_url = self.static_no_sendfile_url = None
        includes = []
        if static_limit:
            static_port, no_sendfile_port = free_port(), free_port()
            self.static_url = f"http://127.0.0.1:{static_port}"
            self.static_no_sendfile_url = f"http://127.0.0.1:{no_sendfile_port}"
            (self.prefix / "static-limit.conf").write_text(
                static_limit_conf(
                    self.prefix / "static-limit",
                    mirror_root,
                    static_limit,
                    ((static_port, "on"), (no_sendfile_port, "off")),
                )
            )
            includes += ["--include", str(self.prefix / "static-limit.conf")]
        maintenance = self.prefix / "maintenance.html"
        subprocess.run(
            [str(BIN / "python"), "deploy/render-maintenance-page", str(maintenance)], cwd=ROOT, env=env, check=True
        )
        self.conf = self.prefix / "nginx.conf"
        subprocess.run(
            [
                str(BIN / "python"),
                "deploy/render-nginx-conf",
                "--prefix", str(self.prefix),
                "--listen", f"127.0.0.1:{self.port}",
                "--upstream", f"127.0.0.1:{upstream_port}",
                "--static-root", env["DJANGO_STATIC_ROOT"],
                "--mirror-root", str(mirror_root),
                "--maintenance-page", str(maintenance),
                "--error-log-level", "error",  # a throwaway log on 127.0.0.1: diagnostics over privacy
                "--output", str(self.conf),
                *includes,
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )  # fmt: skip
        self.access_log = self.prefix / "logs" / "access.log"
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.prefix), "-c", str(self.conf), "-e", str(self.prefix / "logs" / "error.log"),
             "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2).read()
                return
            except OSError:
                time.sleep(0.1)
        error_log = self.prefix / "logs" / "error.log"
        log = error_log.read_text(errors="replace")[-2000:] if error_log.exists() else ""
        self.stop()
        self.remove()
        raise SystemExit(f"nginx did not start on port {self.port}:\n{log}")

    def worker_rss_kib(self):
        return worker_rss_kib(self.process)

    def rotate_log(self):
        """Start a new access log (nginx flushes the buffered lines into the old one)."""
        if self.access_log.exists():
            self.access_log.rename(self.access_log.with_suffix(".old"))
        self.process.send_signal(signal.SIGUSR1)
        deadline = time.monotonic() + 5
        while not self.access_log.exists() and time.monotonic() < deadline:
            time.sleep(0.05)

    def answered_by(self):
        """{"mirror": n, "gunicorn": n} from the current access log (call after stop(), which flushes it)."""
        counts = collections.Counter()
        if self.access_log.exists():
            with self.access_log.open(errors="replace") as log:
                for line in log:
                    status = line.rstrip().rsplit("app=", 1)[-1]
                    counts["mirror" if status == "-" else "gunicorn"] += 1
        return counts

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finishes and flushes the logs
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def remove(self):
        shutil.rmtree(self.prefix, ignore_errors=True)


def fetch(url):
    """The body as transferred (compressed, when the server compressed it) and the headers."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=ACCEPT), timeout=10) as response:
        return response.read(), dict(response.headers)


def write_floor_pages(site_url, paths, folder):
    """Each path's bytes as the site sends them to each Accept-Encoding, for the floor (bench/floor.py)."""
    folder.mkdir()
    index = {}
    for number, path in enumerate(paths):
        page = {}
        for encoding in ("br", "gzip", "identity"):
            request = urllib.request.Request(site_url + path, headers={**ACCEPT, "Accept-Encoding": encoding})
            with urllib.request.urlopen(request, timeout=10) as response:
                sent = response.headers.get("Content-Encoding", "identity")
                page["content_type"] = response.headers["Content-Type"]
                (folder / f"{number}.{sent}").write_bytes(response.read())
                page[sent] = f"{number}.{sent}"
        index[path] = page
    (folder / "pages.json").write_text(json.dumps(index))
    return folder / "pages.json"


def decoded(body, headers):
    encoding = headers.get("Content-Encoding")
    return brotli.decompress(body) if encoding == "br" else gzip.decompress(body) if encoding == "gzip" else body


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
    body, headers = fetch(base + path)
    parser = AssetParser()
    parser.feed(decoded(body, headers).decode("utf-8", "replace"))
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


def wrk(url, connections, duration, while_running=None, expected_status=200):
    """One wrk run; while_running(), if given, is called every 10 s during it (memory samples).

    errors: socket errors, and answers that are not 2xx or 3xx (for expected_status 404:
    answers that are).
    """
    process = subprocess.Popen(
        # As a browser asks: the site, the floor (each page's bytes as the site sends
        # them to a browser) and nginx then all send the same compressed bytes.
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "--timeout",
            "5s",
            "-H",
            f"Accept-Encoding: {ACCEPT['Accept-Encoding']}",
            "-H",
            f"Host: {ACCEPT['Host']}",
            url,
        ],  # fmt: skip
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + duration + 30
    next_sample = time.monotonic() + 10
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
        if while_running is not None and time.monotonic() >= next_sample:
            while_running()
            next_sample += 10
    try:
        output, errors = process.communicate(timeout=max(1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        process.kill()
        raise SystemExit(f"wrk did not finish within {duration + 30} s") from None
    if process.returncode != 0:
        raise SystemExit(f"wrk failed ({process.returncode}): {errors.strip()}")

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
    not_2xx_3xx = int(number(r"Non-2xx or 3xx responses: (\d+)"))
    errors += not_2xx_3xx if expected_status < 400 else int(number(r"(\d+) requests in")) - not_2xx_3xx
    return {
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "p50": millis("50"),
        "p99": millis("99"),
        "errors": errors,
        "requests": int(number(r"(\d+) requests in")),
    }


def worker_cpu_seconds(master):
    """CPU time (user and system) the master's worker processes have used so far."""
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master.pid)], capture_output=True, text=True).stdout
    ticks = 0
    for pid in children.split():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of proc(5)
    return ticks / os.sysconf("SC_CLK_TCK")


def worker_rss_kib(master):
    children = subprocess.run(["ps", "-o", "rss=", "--ppid", str(master.pid)], capture_output=True, text=True).stdout
    return sum(int(value) for value in children.split())


def answer(url):
    """(status, headers, body as transferred, bytes of the status line and headers) for wrk's request."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(
            f"GET {parts.path} HTTP/1.1\r\nHost: {ACCEPT['Host']}\r\n"
            f"Accept-Encoding: {ACCEPT['Accept-Encoding']}\r\nConnection: close\r\n\r\n".encode()
        )
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body, len(head) + 4


# What only says who sent an answer and when: the rest must match, like for like.
TRANSPORT = {"date", "etag", "last-modified", "connection"}


def like_for_like(site, static):
    """What differs between the site's answer through nginx and the static limit's, or "same"."""
    (site_status, site_headers, site_body, _), (static_status, static_headers, static_body, _) = site, static
    differences = []
    if site_status != static_status:
        differences.append(f"status {site_status}/{static_status}")
    if site_body != static_body:
        differences.append(f"body {len(site_body)}/{len(static_body)} B")
    for name in sorted((site_headers.keys() | static_headers.keys()) - TRANSPORT):
        if site_headers.get(name) != static_headers.get(name):
            differences.append(f"{name}: {site_headers.get(name, '-')!r}/{static_headers.get(name, '-')!r}")
    return "; ".join(differences) or "same"


def proxied_bench(args, proxy, pages):
    """Each page through the site's nginx against nginx serving the same files with the same headers.

    pages: proxied_pages(). For each page, the static limit with sendfile on
    and off and the site, back to back, --rounds times (every other round in
    the reverse order). A ratio is the median of each round's ratio (runs
    seconds apart share the machine's load); nginx's CPU time per request is
    measured too, which other processes on the machine disturb far less than
    requests per second. Prints a row per page, the lowest ratios, and
    anything that is not like for like.
    """
    runs = {}
    for kind, path, entry in pages:
        urls = {
            "static": proxy.static_url + path,
            "no-sf": proxy.static_no_sendfile_url + path,
            "site": proxy.url + path,
        }
        answers = {name: answer(url) for name, url in urls.items()}
        runs[path] = {
            "kind": kind,
            "status": entry["status"],
            "urls": urls,
            "answers": answers,
            "compared": like_for_like(answers["site"], answers["static"]),
            "figures": {name: {"rps": [], "cpu_us": [], "p50": [], "p99": [], "errors": 0} for name in urls},
        }
    started = time.monotonic()
    for number in range(args.rounds):
        for run in runs.values():
            for name, url in list(run["urls"].items())[:: -1 if number % 2 else 1]:
                cpu_before = worker_cpu_seconds(proxy.process)
                result = wrk(url, args.connections, args.duration, expected_status=run["status"])
                cpu = worker_cpu_seconds(proxy.process) - cpu_before
                figures = run["figures"][name]
                for key in ("rps", "p50", "p99"):
                    figures[key].append(result[key])
                figures["cpu_us"].append(cpu * 1e6 / max(result["requests"], 1))
                figures["errors"] += result["errors"]
    elapsed = time.monotonic() - started

    def ratio(run, key, better, against):
        """Median over rounds of the site's figure against the static limit's (above 1: the site did better)."""
        site, other = run["figures"]["site"][key], run["figures"][against][key]
        return statistics.median(
            (mine / theirs if better == "higher" else theirs / mine) if mine and theirs else 0.0
            for mine, theirs in zip(site, other, strict=True)
        )

    print()
    print(
        f"Behind nginx ({args.connections} connections, {args.duration}s x {args.rounds} rounds, {len(runs)} pages, "
        f"{elapsed:.0f} s): each page through the site's nginx.conf against nginx serving the same files (the "
        "mirror's, copied) with the same status and headers, chosen by the same Accept-Encoding "
        f"({ACCEPT['Accept-Encoding']}); 'static' as nginx serves any file (sendfile on), 'no-sf' with sendfile off "
        "as the site's configuration sends pages"
    )
    header = (
        f"{'page':<17} {'path':<30} {'req/s':>7} {'static':>7} {'ratio':>6} {'no-sf':>7} {'ratio':>6} "
        f"{'us/req':>6} {'static':>6} {'ratio':>6} {'no-sf':>6} {'ratio':>6} "
        f"{'p50 ms':>6} {'p99 ms':>6} {'err':>4} {'st':>3} {'enc':>5} "
        f"{'body B':>6} {'hdr B':>9}"
    )
    print(header)
    print("-" * len(header))
    columns = {
        "static": ("rps", "higher", "static"),
        "no-sf": ("rps", "higher", "no-sf"),
        "cpu": ("cpu_us", "lower", "static"),
        "cpu no-sf": ("cpu_us", "lower", "no-sf"),
    }
    # The lowest of the pages nginx sends from the mirror, and of every page (the others go to gunicorn).
    lowest = {column: (float("inf"), "") for column in columns}
    lowest_all = dict(lowest)
    mirrored_ratios = collections.defaultdict(list)
    for path, run in runs.items():
        mirrored = "last-modified" in run["answers"]["site"][1]  # a file nginx sent; gunicorn sends none
        figures = {
            name: {key: statistics.median(values) for key, values in figure.items() if isinstance(values, list)}
            for name, figure in run["figures"].items()
        }
        ratios = {column: ratio(run, *spec) for column, spec in columns.items()}
        for column, value in ratios.items():
            lowest_all[column] = min(lowest_all[column], (value, f"{run['kind']} {path}"))
            if mirrored:
                lowest[column] = min(lowest[column], (value, f"{run['kind']} {path}"))
                mirrored_ratios[column].append(value)
        status, headers, body, head = run["answers"]["site"]
        static_head = run["answers"]["static"][3]
        site, static, no_sendfile = figures["site"], figures["static"], figures["no-sf"]
        print(
            f"{run['kind']:<17} {path[:30]:<30} {site['rps']:>7.0f} {static['rps']:>7.0f} {ratios['static']:>6.2f} "
            f"{no_sendfile['rps']:>7.0f} {ratios['no-sf']:>6.2f} {site['cpu_us']:>6.1f} {static['cpu_us']:>6.1f} "
            f"{ratios['cpu']:>6.2f} {no_sendfile['cpu_us']:>6.1f} {ratios['cpu no-sf']:>6.2f} "
            f"{site['p50']:>6.2f} {site['p99']:>6.2f} {run['figures']['site']['errors']:>4} "
            f"{status:>3} {headers.get('content-encoding', '-'):>5} {len(body):>6} "
            f"{f'{head}/{static_head}':>9}"
        )
    for label, figures in (("of the pages nginx sent from the mirror", lowest), ("of every page", lowest_all)):
        print(
            f"Lowest ratio {label} (target 0.95 or more): req/s {figures['static'][0]:.2f} against the static "
            f"file ({figures['static'][1]}), {figures['no-sf'][0]:.2f} against it without sendfile "
            f"({figures['no-sf'][1]}); nginx CPU per request {figures['cpu'][0]:.2f} ({figures['cpu'][1]}) and "
            f"{figures['cpu no-sf'][0]:.2f} ({figures['cpu no-sf'][1]})"
        )
    if mirrored_ratios:
        # One page's ratio swings by 10-20% on a shared machine; their geometric mean much less.
        means = {
            column: statistics.geometric_mean([v for v in values if v > 0] or [0.01])
            for column, values in mirrored_ratios.items()
        }
        print(
            f"Geometric mean over the {len(mirrored_ratios['static'])} pages nginx sent from the mirror: req/s "
            f"{means['static']:.2f} against the static file, {means['no-sf']:.2f} without sendfile; nginx CPU per "
            f"request {means['cpu']:.2f} and {means['cpu no-sf']:.2f}"
        )
    unlike = {path: run["compared"] for path, run in runs.items() if run["compared"] != "same"}
    print(
        "Like for like (status, body bytes, Content-Encoding and every header but Date, ETag, Last-Modified and "
        "Connection, site/static): "
        + ("the same for every page" if not unlike else "; ".join(f"{path}: {diff}" for path, diff in unlike.items()))
    )
    from_mirror = [path for path, run in runs.items() if "last-modified" in run["answers"]["site"][1]]
    print(
        f"({len(from_mirror)} of {len(runs)} answered through nginx from the mirror's files, with a Last-Modified, "
        "which gunicorn never sends. Ratios are medians of each round's: above 1, the site did better. 'us/req': "
        "CPU microseconds nginx's workers spent per request: the site (gunicorn's time is not in it), static and "
        "no-sf. 'err': socket errors and answers without the page's status ('st'). 'hdr B': status "
        "line and headers, site/static. nginx-light has no brotli module: browsers get gzip through nginx, brotli "
        "only from gunicorn's mirror layer, unless libnginx-mod-http-brotli-static is installed)"
    )


def mirror_build_time(env):
    """`manage.py build_mirror` for the whole site: its own report, and the wall time of the command."""
    started = time.perf_counter()
    report = subprocess.run(
        [str(BIN / "python"), "manage.py", "build_mirror"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return report, time.perf_counter() - started


def publish_to_served(env, proxy, timeout=30):
    """Seconds from "Publish" (Version.publish in bench/publish.py) to nginx serving the new home page.

    Returns (seconds until served or None, seconds publish() took as bench/publish.py measured it).
    """
    process = subprocess.Popen(
        [str(BIN / "python"), "bench/publish.py"], cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        ready, _, title = process.stdout.readline().rstrip(b"\n").partition(b" ")
        if ready != b"ready" or not title:
            raise SystemExit("bench/publish.py did not make its draft")
        process.stdin.write(b"go\n")
        process.stdin.flush()
        started = time.perf_counter()
        served = None
        while served is None and time.perf_counter() - started < timeout:
            body, headers = fetch(proxy.url + "/")
            if title in decoded(body, headers):
                served = time.perf_counter() - started
            else:
                time.sleep(0.002)
        publish_seconds = float(process.stdout.readline() or "nan")
        return served, publish_seconds
    finally:
        process.kill()
        process.wait()


def soak_run(args, env, proxy):
    """64 connections on the home page for --soak seconds: straight to gunicorn, then through nginx when it runs.

    The gunicorn run uses a fresh instance with worker recycling off
    (GUNICORN_MAX_REQUESTS=0), so that a leak would show in the workers'
    memory instead of being reset by max_requests part-way.
    """
    site, site_url = start_gunicorn({**env, "GUNICORN_MAX_REQUESTS": "0"}, "safeguarding_site.wsgi", free_port())
    try:
        # Warm every worker first: sequential requests may all land on one worker, and the
        # other's first pages (templates compiled, the CMS's registries filled) would look
        # like growth.
        wrk(site_url + "/", 16, 2)
        samples = [worker_rss_kib(site)]
        soak = wrk(site_url + "/", 64, args.soak, while_running=lambda: samples.append(worker_rss_kib(site)))
        samples.append(worker_rss_kib(site))
    finally:
        stop(site)
    print()
    print(
        f"Soak, gunicorn (worker recycling off): home page, 64 connections, {args.soak}s: {soak['rps']:.0f} req/s, "
        f"p50 {soak['p50']:.2f} ms, p99 {soak['p99']:.2f} ms, {soak['errors']} errors; "
        f"worker RSS {samples[0] / 1024:.1f} MiB before, {samples[-1] / 1024:.1f} MiB after "
        f"(every 10 s: {', '.join(f'{kib / 1024:.1f}' for kib in samples)} MiB)"
    )
    if proxy is None:
        return
    proxy.rotate_log()
    nginx_before = proxy.worker_rss_kib()
    soak = wrk(proxy.url + "/", 64, args.soak)
    nginx_after = proxy.worker_rss_kib()
    proxy.stop()  # flushes the access log
    statuses = proxy.answered_by()
    total = sum(statuses.values()) or 1
    answered = ", ".join(f"{name} {count} ({100 * count / total:.2f}%)" for name, count in statuses.most_common())
    print(
        f"Soak through nginx: home page, 64 connections, {args.soak}s: {soak['rps']:.0f} req/s, "
        f"p50 {soak['p50']:.2f} ms, p99 {soak['p99']:.2f} ms, {soak['errors']} errors; "
        f"nginx worker RSS {nginx_before / 1024:.1f} MiB before, {nginx_after / 1024:.1f} MiB after; "
        f"answered: {answered}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run (default 5)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating floor/site rounds per page (default 2)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--soak", type=int, default=0, help="seconds of a 64-connection run on the home page")
    parser.add_argument(
        "--all-pages",
        action="store_true",
        help="through nginx, every page in the mirror (about 50) instead of one of each kind",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs wrk (Debian package 'wrk'): apt-get install wrk")
    # Stopped from outside: still stop every server it started (the finally below).
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))

    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    tmp.chmod(0o755)  # under root nginx's workers run as "nobody": they read the mirror here
    env = site_env(tmp)
    # The mirror (docs/mirror.md), built for the address nginx will answer on.
    nginx_port = free_port()
    env.update({"DJANGO_MIRROR_ROOT": str(tmp / "mirror"), "DJANGO_MIRROR_HOST": f"127.0.0.1:{nginx_port}"})
    # Every request names that address, to gunicorn too: without nginx, the mirror's
    # WSGI layer (mirror/serve.py) answers it, as it would a visitor's.
    ACCEPT["Host"] = env["DJANGO_MIRROR_HOST"]
    print(f"Building a throwaway site in {tmp} ...", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_content")
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput")
    mirror_report, mirror_wall = mirror_build_time(env)
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
    floor = proxy = None
    try:
        home, home_headers = fetch(site_url + "/")
        stylesheet = re.search(rb'href="(/static/css/site\.[^"]+\.css)"', decoded(home, home_headers)).group(1).decode()
        targets = [*PAGES, ("static CSS", stylesheet)]
        floor_pages = write_floor_pages(site_url, [path for _name, path in targets], tmp / "floor")
        floor, floor_url = start_gunicorn(
            {**env, "FLOOR_PAGES": str(floor_pages)}, "bench.floor:application", free_port()
        )
        for _name, path in targets:  # warm every worker's memory
            for _ in range(20):
                urllib.request.urlopen(site_url + path).read()
        results = {name: {"site": [], "floor": []} for name, _path in targets}
        for _round in range(args.rounds):
            for name, path in targets:
                results[name]["floor"].append(wrk(floor_url + path, args.connections, args.duration))
                results[name]["site"].append(wrk(site_url + path, args.connections, args.duration))

        print()
        print(
            f"wrk, {args.connections} connections, {args.duration}s x {args.rounds} rounds, alternating floor and site "
            "(gunicorn without nginx: pages from the mirror's WSGI layer, static files from whitenoise; 'queries' is "
            "Django's warm request, which visitors no longer reach)"
        )
        header = (
            f"{'page':<17} {'req/s':>8} {'floor':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
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
                f"{name:<17} {rps:>8.0f} {floor_rps:>8.0f} {rps / floor_rps:>6.2f} {p50:>7.2f} {p99:>7.2f} {errors:>6} "
                f"{queries:>7} {weight['html_bytes']:>7} {weight['total_bytes']:>8} {weight['requests']:>4}"
            )
        print()
        print("Uncached render (every cache empty), median of 25, in process")
        print(f"{'page':<17} {'ms':>7} {'queries':>8}")
        for name, path in PAGES:
            figures = in_process[path]
            print(f"{name:<17} {figures['uncached_ms']:>7.2f} {figures['uncached_queries']:>8}")

        if NGINX:
            proxied = proxied_pages(env["DJANGO_MIRROR_ROOT"], all_pages=args.all_pages)
            proxy = Nginx(
                env,
                int(site_url.rsplit(":", 1)[1]),
                env["DJANGO_MIRROR_ROOT"],
                static_limit=proxied,
                port=nginx_port,
            )
            proxied_bench(args, proxy, proxied)
            served, publish_seconds = publish_to_served(env, proxy)
            print()
            print(
                f"The mirror, whole site: {mirror_report} ({mirror_wall:.2f} s for the whole command, "
                "Django's start included)"
            )
            print(
                "Publish to served: Version.publish() returned in "
                f"{publish_seconds:.3f} s (the mirror rebuilt inside it); the new home page came from nginx "
                + (f"{served:.3f} s after Publish was pressed" if served is not None else "NOT within 30 s")
            )
        else:
            print()
            print("nginx is not installed (`make nginx` installs Debian's nginx-light): no figures behind nginx.")

        if args.soak:
            soak_run(args, env, proxy)
    finally:
        if proxy is not None:
            proxy.stop()
            proxy.remove()
        stop(site)
        if floor is not None:
            stop(floor)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
