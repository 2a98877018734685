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
   deploy/render-nginx-conf into a throwaway prefix folder), plus a second
   server block on the same nginx serving the mirror's home page as a plain
   file with the same headers (the "static limit"), and loads the home page
   through the site's configuration and the file, alternating: the first as a
   ratio of the second (the target is 0.95 or more). Then publishes a new home
   page title (bench/publish.py) and times it until nginx serves it.
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


def static_limit_conf(folder, mirror_root, ports):
    """Servers sending the mirror's home page as a plain file, with the same headers and gzip copy.

    Like for like with the site's nginx: the same bytes (index.html and its
    .gz), the same headers, but no maps, no try_files and no conditions: what
    nginx costs for one file. One server per (port, sendfile) pair.
    """
    folder.mkdir()
    build = Path(mirror_root) / "current"
    home = json.loads((build / "headers.json").read_text())["pages"]["/"]
    for coding in ("identity", "gzip"):
        shutil.copyfile(build / home["files"][coding], folder / Path(home["files"][coding]).name)
    lines = ["types { }"]
    for name, value in home["headers"]:
        if name.lower() == "content-type":
            lines.append(f'default_type "{value}";')
        else:
            lines.append(f'add_header {name} "{value}" always;')
    headers = "".join(f"        {line}\n" for line in lines)
    return "".join(
        "server {\n"
        f"    listen 127.0.0.1:{port};\n"
        f"    sendfile {sendfile};\n"
        "    location = / {\n"
        f"        root {folder};\n"
        "        try_files /index.html =404;\n"
        "        gzip_static on;\n"
        f"{headers}"
        "    }\n"
        "}\n"
        for port, sendfile in ports
    )


class Nginx:
    """nginx with the deploy/ configuration in front of one gunicorn and the mirror, in a throwaway prefix folder.

    With static_limit, also serves the mirror's home page as a plain file on a
    second port (the static limit, as nginx serves any file: sendfile on), and
    on a third port with sendfile off as the site's mirror pages are sent.
    Runs in the foreground as a child process (daemon off), so stop() always
    ends it. `port` is chosen before the mirror is built: the mirror's pages
    are built for this host and port (DJANGO_MIRROR_HOST).
    """

    def __init__(self, env, upstream_port, mirror_root, static_limit=False, port=None):
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
                    self.prefix / "static-limit", mirror_root, ((static_port, "on"), (no_sendfile_port, "off"))
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


def wrk(url, connections, duration, while_running=None):
    """One wrk run; while_running(), if given, is called every 10 s during it (memory samples)."""
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
    errors += int(number(r"Non-2xx or 3xx responses: (\d+)"))
    return {"rps": number(r"Requests/sec:\s+([\d.]+)"), "p50": millis("50"), "p99": millis("99"), "errors": errors}


def worker_rss_kib(master):
    children = subprocess.run(["ps", "-o", "rss=", "--ppid", str(master.pid)], capture_output=True, text=True).stdout
    return sum(int(value) for value in children.split())


def header_bytes(url):
    """The size of the status line and headers an answer to wrk's request carries (Date and all)."""
    host, port = urllib.parse.urlsplit(url)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            f"GET / HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Encoding: {ACCEPT['Accept-Encoding']}\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return len(answer.split(b"\r\n\r\n", 1)[0]) + 4


def proxied_bench(args, proxy, mirror_root):
    """The home page through nginx, from the mirror, against nginx serving the same file with the same headers."""
    build = Path(mirror_root) / "current"
    home = json.loads((build / "headers.json").read_text())["pages"]["/"]
    gzipped = (build / home["files"]["gzip"]).read_bytes()
    with urllib.request.urlopen(urllib.request.Request(proxy.url + "/", headers=ACCEPT), timeout=10) as response:
        from_mirror = "Last-Modified" in response.headers  # a file nginx sent; gunicorn sends none
        browser_cache = response.headers.get("Cache-Control")
        encoding = response.headers.get("Content-Encoding")
        same = response.read() == gzipped
    with urllib.request.urlopen(urllib.request.Request(proxy.static_url + "/", headers=ACCEPT), timeout=10) as response:
        same_static = response.read() == gzipped
    runs = {
        "nginx static": proxy.static_url + "/",
        "static, no sendfile": proxy.static_no_sendfile_url + "/",
        "home via nginx": proxy.url + "/",
    }
    sizes = {name: header_bytes(url) for name, url in runs.items()}
    figures = {name: {"rps": [], "p50": [], "p99": [], "errors": 0} for name in runs}
    for _round in range(args.rounds):
        for name, url in runs.items():
            run = wrk(url, args.connections, args.duration)
            for key in ("rps", "p50", "p99"):
                figures[name][key].append(run[key])
            figures[name]["errors"] += run["errors"]
    print()
    print(
        f"Behind nginx ({args.connections} connections, {args.duration}s x {args.rounds} rounds, alternating): "
        "the home page from the mirror through the site's nginx.conf against nginx serving the same .gz file "
        "with the same headers"
    )
    header = (
        f"{'page':<20} {'req/s':>8} {'static':>8} {'ratio':>6} {'no-sf':>8} {'ratio':>6} "
        f"{'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'hdr B':>6}"
    )
    print(header)
    print("-" * len(header))
    static_rps = statistics.median(figures["nginx static"]["rps"])
    no_sendfile_rps = statistics.median(figures["static, no sendfile"]["rps"])
    for name, run in figures.items():
        rps = statistics.median(run["rps"])
        print(
            f"{name:<20} {rps:>8.0f} {static_rps:>8.0f} {rps / static_rps:>6.2f} "
            f"{no_sendfile_rps:>8.0f} {rps / no_sendfile_rps:>6.2f} "
            f"{statistics.median(run['p50']):>7.2f} {statistics.median(run['p99']):>7.2f} {run['errors']:>6} "
            f"{sizes[name]:>6}"
        )
    print(
        f"(through nginx: {'from the mirror' if from_mirror else 'NOT from the mirror'}, Content-Encoding {encoding}, "
        f"body {'identical to' if same else 'DIFFERENT from'} the mirror's .gz file (static: "
        f"{'identical' if same_static else 'DIFFERENT'}), browser told Cache-Control: {browser_cache}; target ratio "
        ">= 0.95 against the static file; 'no-sf' is the same file sent without sendfile, as nginx sends the "
        "mirror's pages; 'hdr B' the status line and headers. nginx-light has no brotli module: browsers get gzip "
        "through nginx, brotli only from gunicorn's mirror layer)"
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
            proxy = Nginx(
                env, int(site_url.rsplit(":", 1)[1]), env["DJANGO_MIRROR_ROOT"], static_limit=True, port=nginx_port
            )
            proxied_bench(args, proxy, env["DJANGO_MIRROR_ROOT"])
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
