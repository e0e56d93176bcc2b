"""Network guard for the test run: only loopback connections are allowed.

`make test` puts this folder on PYTHONPATH, so Python imports it at start-up in the test process
and in every notebook kernel nbval starts: a notebook that reaches for the internet fails.
"""

import ipaddress
import socket

_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def _is_local(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths and the like
        return True
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode()
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


class OfflineError(OSError):
    """Raised when code under test tries to reach the network."""


def _refuse(address):
    raise OfflineError(f"network band hai (course offline chalna chahiye): {address!r}")


def connect(self, address):
    if not _is_local(address):
        _refuse(address)
    return _connect(self, address)


def connect_ex(self, address):
    if not _is_local(address):
        _refuse(address)
    return _connect_ex(self, address)


def getaddrinfo(host, *args, **kwargs):
    if host is not None and not _is_local((host,)):
        _refuse(host)
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
socket.COURSE_OFFLINE_GUARD = True
