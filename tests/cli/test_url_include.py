#!/usr/bin/env python3
"""`--allow-url-include` end to end, without the network: diagc (which hands
the flag to diagc-full) fetches from an HTTPS server on 127.0.0.1 whose
certificate comes from a CA made for the test (openssl), named to diagc by
CURL_CA_BUNDLE as the curl tool reads it.

    python3 tests/cli/test_url_include.py PATH/TO/diagc
"""
import http.server
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import unittest

DIAGC = None

PARTS = b'!procedure $part($name)\nrectangle "$name" as $name\n!endprocedure\n'
BIG = 9 << 20  # over the 8 MiB limit


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # a body without Content-Length ends when the connection closes

    def do_GET(self):
        if self.path == "/parts.iuml":
            self.reply(200, PARTS)
        elif self.path == "/big-announced.iuml":
            self.reply(200, b"' x\n" * (BIG // 4))
        elif self.path == "/big-streamed.iuml":
            self.send_response(200)
            self.end_headers()
            chunk = b"' streamed without a length\n" * 4096
            for _ in range(BIG // len(chunk) + 1):
                self.wfile.write(chunk)
        elif self.path == "/to-http.iuml":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/parts.iuml")
            self.end_headers()
        elif self.path == "/to-parts.iuml":
            self.send_response(302)
            self.send_header("Location", "/parts.iuml")
            self.end_headers()
        else:
            self.reply(404, b"no such file\n")

    def reply(self, status, body):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # diagc hangs up at its size limit, or refuses the certificate: expected here


def loopback_env():
    """This environment without a CA bundle or proxies: the test server is on 127.0.0.1."""
    proxies = {"https_proxy", "http_proxy", "all_proxy"}
    env = {k: v for k, v in os.environ.items() if k.lower() not in proxies and k != "CURL_CA_BUNDLE"}
    env["NO_PROXY"] = env["no_proxy"] = "*"
    return env


def make_certificate(folder):
    """A self-signed certificate for 127.0.0.1 (it is its own CA)."""
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


class UrlIncludeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="diagc_url_")
        cls.cert, key = make_certificate(cls.dir)
        cls.server = Server(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cls.cert, key)
        cls.server.socket = context.wrap_socket(cls.server.socket, server_side=True)
        cls.base = f"https://127.0.0.1:{cls.server.server_address[1]}"
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def compile(self, target, *flags, trusted=True):
        src = os.path.join(self.dir, "in.puml")
        with open(src, "w") as f:
            f.write(f"@startuml\n!include {target}\n$part(Fetched)\n@enduml\n")
        out = os.path.join(self.dir, "out.svg")
        if os.path.exists(out):
            os.remove(out)
        env = loopback_env()
        if trusted:
            env["CURL_CA_BUNDLE"] = self.cert
        r = subprocess.run([DIAGC, *flags, src, "-o", out], capture_output=True, timeout=120, env=env,
                           stdin=subprocess.DEVNULL)
        svg = open(out).read() if os.path.exists(out) else ""
        return r.returncode, r.stderr.decode(), svg

    def test_fetched_over_https_with_the_flag(self):
        code, err, svg = self.compile(self.base + "/parts.iuml", "--allow-url-include")
        self.assertEqual(code, 0, err)
        self.assertIn("<title>Fetched</title>", svg)
        # A same-site https redirect is followed.
        code, err, svg = self.compile(self.base + "/to-parts.iuml", "--allow-url-include")
        self.assertEqual(code, 0, err)
        self.assertIn("<title>Fetched</title>", svg)

    def test_refused_without_the_flag(self):
        code, err, svg = self.compile(self.base + "/parts.iuml")
        self.assertEqual(code, 1)
        self.assertIn(f'in.puml:2:1: error: URL include "{self.base}/parts.iuml" is not allowed: '
                      "diagc reads no network unless --allow-url-include is given", err)
        self.assertEqual(err.count(": error: "), 1, err)  # not also "no diagram found"
        self.assertEqual(svg, "")

    def test_the_certificate_is_verified(self):
        code, err, _ = self.compile(self.base + "/parts.iuml", "--allow-url-include", trusted=False)
        self.assertEqual(code, 1)
        self.assertIn(f'error: cannot fetch "{self.base}/parts.iuml": ', err)
        self.assertIn("certificate", err)

    def test_http_status_size_limit_and_redirects_to_http(self):
        cases = {
            "/missing.iuml": "HTTP 404",
            "/big-announced.iuml": "larger than 8 MiB",
            "/big-streamed.iuml": "larger than 8 MiB",
            "/to-http.iuml": "only https is fetched, also after a redirect",
        }
        for path, reason in cases.items():
            with self.subTest(path=path):
                code, err, svg = self.compile(self.base + path, "--allow-url-include")
                self.assertEqual(code, 1)
                self.assertIn(f'in.puml:2:1: error: cannot fetch "{self.base}{path}": {reason}', err)
                self.assertEqual(svg, "")

    def test_file_and_http_urls_are_never_read(self):
        code, err, _ = self.compile("file:///etc/hostname", "--allow-url-include")
        self.assertEqual(code, 1)
        self.assertIn('cannot include "file:///etc/hostname": file:// is not read', err)
        code, err, _ = self.compile("http://127.0.0.1:9/parts.iuml", "--allow-url-include")
        self.assertEqual(code, 1)
        self.assertIn("is not fetched: only https URLs are", err)

    def test_preprocess_only_fetches_too(self):
        src = os.path.join(self.dir, "e.puml")
        with open(src, "w") as f:
            f.write(f"@startuml\n!include {self.base}/parts.iuml\n$part(Shown)\n@enduml\n")
        env = dict(loopback_env(), CURL_CA_BUNDLE=self.cert)
        r = subprocess.run([DIAGC, "--allow-url-include", "-E", src], capture_output=True, timeout=120, env=env,
                           stdin=subprocess.DEVNULL)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b'rectangle "Shown" as Shown', r.stdout)


if __name__ == "__main__":
    DIAGC = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
