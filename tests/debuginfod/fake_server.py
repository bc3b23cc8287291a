#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A misbehaving debuginfod server on loopback, for tests/tool/debuginfod.sh.

    fake_server.py MODE FILE PORTFILE

Answers every GET /buildid/ID/debuginfo with FILE, whatever ID was asked:
  wrong  the whole FILE (a file of another build-id: the client must refuse)
  stall  the headers with FILE's full length and its first MiB, then nothing
         (the test kills the server in the middle of the download)
Writes the port it listens on to PORTFILE.
"""
import http.server
import os
import sys
import time

MODE, FILE, PORTFILE = sys.argv[1:4]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if not self.path.startswith("/buildid/"):
            self.send_error(404)
            return
        size = os.path.getsize(FILE)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        with open(FILE, "rb") as f:
            if MODE == "wrong":
                while True:
                    b = f.read(1 << 20)
                    if not b:
                        break
                    self.wfile.write(b)
                return
            self.wfile.write(f.read(1 << 20))
            self.wfile.flush()
            with open(PORTFILE + ".stalled", "w") as s:
                s.write("1\n")
            time.sleep(3600)

    def log_message(self, fmt, *args):
        sys.stderr.write("fake_server: " + fmt % args + "\n")


srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write("%d\n" % srv.server_address[1])
os.rename(PORTFILE + ".tmp", PORTFILE)
srv.serve_forever()
