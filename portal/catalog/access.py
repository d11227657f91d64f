"""The registered loader of phone models: catalog data, shared by every customer, managed by staff."""
from __future__ import annotations

from sqlalchemy import false

from portal.core.permissions import register_loader
from portal.models.telephony import PhoneModel

phone_model_loader = register_loader(
    "phone_model", PhoneModel, lambda query, user: query if user.is_staff else query.where(false()))
