"""The address a request came from, for the sign-in lock-out (django-axes).

The address is REMOTE_ADDR, unless REMOTE_ADDR is one of the proxies in front
of the site (settings.TRUSTED_PROXIES): then it is the address that proxy
reports, the right-most X-Forwarded-For entry that is not itself a trusted
proxy. An X-Forwarded-For from anything else is ignored, so a client talking
to gunicorn directly cannot pick the address it is locked out by.

django-ipware's settings cannot say this: its trusted-proxy list is matched
against the X-Forwarded-For chain itself, never against REMOTE_ADDR.

settings.py and gunicorn_conf.py both read the proxy list with
trusted_proxies_from_environment(), so Django and gunicorn trust the same
proxies.
"""

import ipaddress
import os

from django.conf import settings

# nginx on the same machine (deploy/): what DJANGO_BEHIND_PROXY=1 trusts when
# DJANGO_TRUSTED_PROXIES is not set.
LOCAL_PROXIES = ("127.0.0.1", "::1")


def _flag(value):
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def parse_networks(value, name="DJANGO_TRUSTED_PROXIES"):
    """Comma-separated addresses or networks, as normalised strings; ValueError naming the bad one."""
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            network = ipaddress.ip_network(item)
        except ValueError:
            raise ValueError(
                f"{name}: {item!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)"
            ) from None
        networks.append(str(network))
    return networks


def trusted_proxies_from_environment(environ=os.environ):
    """The proxies whose X-Forwarded-For (and X-Forwarded-Proto) the site believes.

    None without DJANGO_BEHIND_PROXY=1; with it, DJANGO_TRUSTED_PROXIES, or the
    local nginx (127.0.0.1 and ::1) when that is unset.
    """
    value = environ.get("DJANGO_TRUSTED_PROXIES", "").strip()
    if not _flag(environ.get("DJANGO_BEHIND_PROXY")):
        if value:
            raise ValueError("DJANGO_TRUSTED_PROXIES is set but DJANGO_BEHIND_PROXY is not: set DJANGO_BEHIND_PROXY=1")
        return []
    networks = parse_networks(value or ",".join(LOCAL_PROXIES))
    if not networks:
        raise ValueError("DJANGO_TRUSTED_PROXIES lists no address")
    return networks


def _address(text):
    """An IP address from REMOTE_ADDR or an X-Forwarded-For entry, or None.

    IPv4-mapped IPv6 (::ffff:127.0.0.1, from a socket bound to ::) is taken
    as the IPv4 address, so that one client has one address.
    """
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def client_address(meta, trusted_proxies):
    """The client's address for a request's META and a list of trusted proxy networks."""
    networks = [ipaddress.ip_network(network) for network in trusted_proxies]

    def trusted(address):
        return any(address in network for network in networks)

    remote = _address(meta.get("REMOTE_ADDR") or "")
    if remote is None or not trusted(remote):
        return str(remote) if remote is not None else None
    for entry in reversed((meta.get("HTTP_X_FORWARDED_FOR") or "").split(",")):
        address = _address(entry)
        if address is None:
            # The proxy wrote something that is not an address. Entries further
            # left are the client's own writing: take the proxy's address
            # instead, so guessing stays limited (at worst for everyone behind it).
            break
        if not trusted(address):
            return str(address)
    return str(remote)


def client_ip(request):
    """AXES_CLIENT_IP_CALLABLE: the address failures are counted and locked out by."""
    return client_address(request.META, settings.TRUSTED_PROXIES)
