import socket

from django.apps import AppConfig


class ArchiveSiteConfig(AppConfig):
    """Site-wide pieces: health, navigation registry, shared templates tags and commands."""

    name = "archive_site"

    def ready(self) -> None:
        # Message-IDs need a host name; Django asks DNS for the FQDN, which stalls for seconds on a
        # machine without a resolver. The configured name (or the plain host name) avoids that.
        from django.conf import settings
        from django.core.mail.utils import DNS_NAME

        DNS_NAME._fqdn = getattr(settings, "EMAIL_HOSTNAME", "") or socket.gethostname()
