"""The porting loaders: a port request of a project of the person's organization."""
from __future__ import annotations

from portal.core.permissions import register_project_child
from portal.models.porting import PortRequest

port_request_loader = register_project_child("port_request", PortRequest)
