"""MITRA_EMAIL_URL → Django's e-mail settings, parsed strictly (a typo stops start-up).

`smtp://user:pass@host:587?tls=1`, `smtps://user:pass@host:465` (implicit TLS), `console://`
(the default when unset: messages are written to the server's output). Query keys: `tls`,
`ssl` (1/0, true/false) and `timeout` (seconds, default 10: a server that never answers must
not hold the sender for ever).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"
DEFAULT_TIMEOUT = 10.0
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class MailSettings:
    backend: str = CONSOLE
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    timeout: float = DEFAULT_TIMEOUT


def _fail(reason: str) -> ImproperlyConfigured:
    # The password never appears in the message.
    return ImproperlyConfigured(f"MITRA_EMAIL_URL: {reason}")


def _flag(key: str, value: str) -> bool:
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise _fail(f"{key} must be 1 or 0, not {value!r}")


def parse_email_url(raw: str) -> MailSettings:
    """The settings a MITRA_EMAIL_URL names; unset or empty means the console backend."""
    raw = raw.strip()
    if not raw:
        return MailSettings()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise _fail("the port must be a number between 1 and 65535") from exc
    scheme = parts.scheme.lower()
    if scheme == "console":
        return MailSettings()
    if scheme not in {"smtp", "smtps"}:
        raise _fail(f"the scheme must be smtp, smtps or console, not {parts.scheme!r}")
    if not parts.hostname:
        raise _fail("give the SMTP server's host name, e.g. smtp://mail.example.org:587")
    if parts.path not in {"", "/"} or parts.fragment:
        raise _fail("an SMTP address has no path; options go after ?")
    options: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True, strict_parsing=False):
        if key not in {"tls", "ssl", "timeout"}:
            raise _fail(f"unknown option {key!r} (known: tls, ssl, timeout)")
        if key in options:
            raise _fail(f"option {key!r} is given twice")
        options[key] = value
    use_tls = _flag("tls", options["tls"]) if "tls" in options else False
    use_ssl = _flag("ssl", options["ssl"]) if "ssl" in options else scheme == "smtps"
    if use_tls and use_ssl:
        raise _fail("tls (STARTTLS) and ssl (implicit TLS) exclude each other")
    timeout = DEFAULT_TIMEOUT
    if "timeout" in options:
        try:
            timeout = float(options["timeout"])
        except ValueError as exc:
            raise _fail(f"timeout must be a number of seconds, not {options['timeout']!r}") from exc
        if not 0 < timeout <= 600:
            raise _fail("timeout must be more than 0 and at most 600 seconds")
    return MailSettings(
        backend=SMTP,
        host=parts.hostname,
        port=port or (465 if use_ssl else 25),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
        timeout=timeout,
    )
