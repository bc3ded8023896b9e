"""A real SMTP server for the mail tests: aiosmtpd, writing each message it accepts to
DIR/<n>.json (envelope, decoded headers and text body). Prints its port, then serves until
stdin closes. With --auth USER:PASSWORD it requires AUTH (without TLS, for tests only).
"""

import argparse
import email
import email.policy
import json
import pathlib
import socket
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

parser = argparse.ArgumentParser()
parser.add_argument("directory")
parser.add_argument("--auth")
arguments = parser.parse_args()
directory = pathlib.Path(arguments.directory)
directory.mkdir(parents=True, exist_ok=True)


class Sink:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        Sink.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(message["From"]),
            "to": str(message["To"]),
            "subject": str(message["Subject"]),
            "date": str(message["Date"]),
            "message_id": str(message["Message-ID"]),
            "content_type": message.get_content_type(),
            "body": message.get_content(),
        }
        # Written aside, then renamed: a reader never sees half a file.
        partial = directory / f".{Sink.count}.partial"
        partial.write_text(json.dumps(record))
        partial.rename(directory / f"{Sink.count}.json")
        return "250 Message accepted for delivery"


def authenticate(server, session, envelope, mechanism, auth_data):
    user, password = arguments.auth.split(":", 1)
    ok = auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok)


with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]

options = {"auth_require_tls": False, "authenticator": authenticate, "auth_required": True} if arguments.auth else {}
controller = Controller(Sink(), hostname="127.0.0.1", port=port, **options)
controller.start()
print(port, flush=True)
sys.stdin.read()
controller.stop()
