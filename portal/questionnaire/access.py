"""The questionnaire's loaders: a phone number or an attachment of a project of the person's organization."""
from __future__ import annotations

from portal.core.permissions import register_loader, register_project_child
from portal.models.questionnaire import QuestionnaireAttachment
from portal.models.telephony import Destination, PhoneModel, PhoneNumber

number_loader = register_project_child("phone_number", PhoneNumber)

attachment_loader = register_project_child("attachment", QuestionnaireAttachment)

# Catalog data is global and readable by everyone who is logged in; a route that takes a model also
# takes the project, whose loader scopes the organization, and checks the project uses the model.
catalog_model_loader = register_loader("catalog_model", PhoneModel, lambda query, user: query)

destination_loader = register_project_child("destination", Destination)
