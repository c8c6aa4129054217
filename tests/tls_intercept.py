"""An intercepting HTTPS proxy on 127.0.0.1 for leak tests: what would claude send to hosts
other than the profile's (api.anthropic.com and friends)?

claude honours HTTPS_PROXY and NODE_EXTRA_CA_CERTS. The proxy accepts CONNECT, presents a
certificate for the requested host signed by a throwaway CA (made with the openssl CLI),
reads each HTTP request inside the tunnel, records method, path and headers, and answers
404. Nothing leaves the machine: every "outside" host ends at this proxy.
"""

from __future__ import annotations

import socketserver
import ssl
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Seen:
    host: str
    request_line: str
    headers: dict[str, str] = field(default_factory=dict)


class _CertAuthority:
    def __init__(self, directory: Path):
        self.dir = directory
        self.ca_pem, self.ca_key = directory / "ca.pem", directory / "ca.key"
        self._openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", self.ca_key,
                      "-out", self.ca_pem, "-days", "2", "-subj", "/CN=modelswitch test CA",
                      "-addext", "basicConstraints=critical,CA:TRUE",
                      "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._lock = threading.Lock()

    def _openssl(self, *args) -> None:
        subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True, timeout=60)

    def context_for(self, host: str) -> ssl.SSLContext:
        with self._lock:
            if host not in self._contexts:
                stem = self.dir / host.replace("*", "_")
                ext = stem.with_suffix(".ext")
                ext.write_text(f"subjectAltName=DNS:{host}\nbasicConstraints=CA:FALSE\n"
                               "extendedKeyUsage=serverAuth\n")
                self._openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{stem}.key",
                              "-out", f"{stem}.csr", "-subj", f"/CN={host}")
                self._openssl("x509", "-req", "-in", f"{stem}.csr", "-CA", self.ca_pem, "-CAkey",
                              self.ca_key, "-CAcreateserial", "-out", f"{stem}.pem", "-days", "2",
                              "-extfile", ext)
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain(f"{stem}.pem", f"{stem}.key")
                self._contexts[host] = context
            return self._contexts[host]


def _read_head(stream) -> tuple[str, dict[str, str]]:
    line = stream.readline(65536).decode("latin-1").strip()
    headers: dict[str, str] = {}
    while True:
        raw = stream.readline(65536)
        if not raw or raw in (b"\r\n", b"\n"):
            return line, headers
        name, _, value = raw.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()


class _Handler(socketserver.StreamRequestHandler):
    server: "_Proxy"

    def handle(self) -> None:
        line, _ = _read_head(self.rfile)
        parts = line.split()
        if len(parts) < 2 or parts[0] != "CONNECT":
            self.server.seen.append(Seen("(plain)", line))
            self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        host = parts[1].rsplit(":", 1)[0]
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        try:
            tls = self.server.ca.context_for(host).wrap_socket(self.connection, server_side=True)
            stream = tls.makefile("rb")
            while True:
                request, headers = _read_head(stream)
                if not request:
                    return
                self.server.seen.append(Seen(host, request, headers))
                length = int(headers.get("content-length") or 0)
                if length:
                    stream.read(length)
                tls.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
        except (OSError, ssl.SSLError, ValueError):
            self.server.seen.append(Seen(host, "(tls failed)"))


class _Proxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class InterceptingProxy:
    """with InterceptingProxy(tmp_dir) as proxy: env.update(proxy.env); proxy.seen"""

    def __init__(self, directory: Path):
        self._server = _Proxy(("127.0.0.1", 0), _Handler)
        self._server.seen = []
        self._server.ca = _CertAuthority(directory)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def seen(self) -> list[Seen]:
        return self._server.seen

    @property
    def env(self) -> dict[str, str]:
        url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return {"HTTPS_PROXY": url, "HTTP_PROXY": url, "NO_PROXY": "127.0.0.1,localhost",
                "NODE_EXTRA_CA_CERTS": str(self._server.ca.ca_pem)}

    def __enter__(self) -> "InterceptingProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
