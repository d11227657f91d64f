"""Typed SQLAlchemy models, one module per aggregate; importing this package registers them all."""
from portal.models.audit import AuditEvent
from portal.models.callflows import Announcement, AutoAttendant, Holiday, HolidaySet, HourRange, MenuKey
from portal.models.drafts import Draft
from portal.models.files import StoredFile
from portal.models.imports import Import
from portal.models.mail import MailStatus, OutboxMessage
from portal.models.once import UsedActionToken
from portal.models.porting import CarrierDocument, PortedNumber, PortRequest
from portal.models.projects import Meeting, Phase, PlanStep, Product, Project, ProjectTask, TaskStatus, TemplateTask
from portal.models.questionnaire import (
    CallingPolicy,
    DialPlan,
    KeyLayout,
    OtherRequirements,
    QuestionnaireAttachment,
    RecordingPolicy,
    SectionProgress,
)
from portal.models.renderings import Rendering
from portal.models.reviews import (
    ConfigurationSchedule,
    Discrepancy,
    DiscrepancyReply,
    PackageStage,
    ReviewPackage,
    ReviewRound,
    SignOff,
)
from portal.models.signatures import InvitationStatus, LoaSignature, SignatureStatus, SigningInvitation
from portal.models.telephony import (
    CallQueue,
    Destination,
    DestinationMember,
    PhoneModel,
    PhoneNumber,
    RingGroup,
    Schedule,
    Seat,
    SeatType,
    Site,
    VoicemailBox,
)
from portal.models.users import Organization, Role, TokenPurpose, User, UserStatus, UserToken

__all__ = [
    "Announcement", "AutoAttendant", "Holiday", "HolidaySet", "HourRange", "MenuKey",
    "AuditEvent", "CallQueue", "CallingPolicy", "CarrierDocument", "PortRequest", "PortedNumber",
    "InvitationStatus", "LoaSignature", "SignatureStatus", "SigningInvitation",
    "ConfigurationSchedule", "Discrepancy", "DiscrepancyReply",
    "PackageStage", "ReviewPackage", "ReviewRound", "SignOff",
    "Destination", "DestinationMember", "DialPlan", "Draft", "Import",
    "KeyLayout", "MailStatus", "Meeting", "Organization", "OtherRequirements", "OutboxMessage", "Phase",
    "PhoneModel", "PhoneNumber", "PlanStep",
    "Product", "Project", "ProjectTask", "QuestionnaireAttachment", "RecordingPolicy", "Rendering", "RingGroup",
    "Role", "Schedule", "Seat", "SeatType", "SectionProgress", "Site", "StoredFile", "TaskStatus", "TemplateTask",
    "TokenPurpose", "UsedActionToken", "User", "UserStatus", "UserToken", "VoicemailBox",
]
