"""Stands in for Nova's metadata API: answers every GET with 200 and the headers the metadata
agent added (the instance it resolved from the port), so a probe can tell the request went the
whole way. argv[1] is the run's directory, so neutron-down.sh finds this process by it."""
import http.server
import json


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({
            "path": self.path,
            "instance": self.headers.get("X-Instance-ID"),
            "forwarded_for": self.headers.get("X-Forwarded-For"),
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", 18775), Handler).serve_forever()
