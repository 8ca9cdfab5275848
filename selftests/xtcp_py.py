# SPDX-License-Identifier: GPL-2.0
"""Open xtcp sockets from Python.

Python converts addresses only for the families it knows, so an AF_XTCP
socket is opened with its own family number and then wrapped as an AF_INET
socket object: xtcp takes AF_INET addresses and answers in AF_INET's
sockaddr_in, exactly what a redirected AF_INET program relies on.
"""
import socket

FAMILY_SYSFS = "/sys/module/xtcp/parameters/family"


def family():
    """The address family number the loaded module registered."""
    with open(FAMILY_SYSFS) as f:
        return int(f.read())


def xtcp_socket(type=socket.SOCK_STREAM):
    """A new xtcp stream socket that speaks AF_INET addresses."""
    fd = socket.socket(family(), type, 0).detach()
    return socket.socket(socket.AF_INET, type, 0, fileno=fd)
