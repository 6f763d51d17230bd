"""A personalised email as a MIME message: multipart/alternative, text first, then HTML.

One-click unsubscribe follows RFC 8058: ``List-Unsubscribe`` holds the HTTPS URL and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` tells the mailbox provider it may POST
to it without showing the reader a page.
"""

from __future__ import annotations

import email.policy
import email.utils
from email.headerregistry import Address
from email.message import EmailMessage

from digest.config import Config
from digest.exceptions import RenderError
from digest.render.personalise import PersonalisedEmail, Recipient, display_name

# Signed unsubscribe URLs run long; folding List-Unsubscribe trips up some receivers, so
# headers may use the full line length RFC 5322 allows.
POLICY = email.policy.default.clone(max_line_length=998)


def _address(name: str, addr: str) -> Address:
    try:
        local, domain = addr.rsplit("@", 1)
        return Address(display_name=name, username=local, domain=domain)
    except (ValueError, IndexError) as exc:
        raise RenderError(f"{addr!r} is not an email address: {exc}") from None


def build_message(
    config: Config, personalised: PersonalisedEmail, recipient: Recipient
) -> EmailMessage:
    fields = recipient.fields()
    message = EmailMessage(policy=POLICY)
    message["Subject"] = personalised.subject
    message["From"] = _address(config.render.from_name or config.name, config.render.from_email)
    name = display_name(recipient.name) if recipient.name.strip() else ""
    message["To"] = _address(name, recipient.email)
    if config.render.reply_to:
        message["Reply-To"] = config.render.reply_to
    message["Date"] = email.utils.formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = email.utils.make_msgid(domain=config.render.from_email.rsplit("@")[-1])
    message["List-Unsubscribe"] = f"<{fields['unsubscribe_url']}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(personalised.text)
    # base64 for the HTML: MRML writes lines past the 998-character SMTP limit, and the
    # email library encodes base64 in C but quoted-printable in Python (~5x slower here).
    message.add_alternative(personalised.html, subtype="html", cte="base64")
    return message
