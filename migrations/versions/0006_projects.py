"""implementation projects: plan template, projects, tasks, sites, meetings

Revision ID: 0006_projects
Revises: 0005_stored_files
Create Date: 2026-11-21 09:05:05.254706

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006_projects'
down_revision = '0005_stored_files'
branch_labels = None
depends_on = None


# The provider's plan as data (seeds 000 and 001); administrators edit it in the portal afterwards.
PRODUCTS = [
    ("hosted_pbx", "Hosted PBX"),
    ("teams_operator_connect", "Microsoft Teams Operator Connect"),
    ("cisco_jabber", "Cisco Jabber"),
    ("skype_for_business", "Skype for Business"),
]
PHASES = ["Initiate", "Kick-off", "Implement", "Go-live", "Operate", "Optimize", "Close"]
STEPS = [  # (number, title, phase)
    (1, "Service order", "Initiate"),
    (2, "Kick-off and equipment", "Kick-off"),
    (3, "User information", "Implement"),
    (4, "Call flows, recordings and number ports", "Implement"),
    (5, "Readiness, training and port request", "Implement"),
    (6, "Test, turn-up and go-live", "Go-live"),
    (7, "Operate", "Operate"),
    (8, "Optimize", "Optimize"),
    (9, "Acceptance and project close", "Close"),
]
CERTIFICATE_PRODUCTS = ["skype_for_business", "cisco_jabber"]
C, P = "customer", "provider"
TASKS = [  # (step, side, title, anchor, business-day offset, feature key, products)
    (1, C, "Provide complete and accurate information for the service order", "start", 1, None, None),
    (1, C, "If ordering a circuit, provide the demarcation details: site address, suite and floor",
     "start", 2, None, None),
    (1, C, "Answer the questions of the welcome letter", "kick_off", -1, None, None),
    (1, P, "Send the welcome letter and introduce the implementation project manager", "start", 0, None, None),
    (1, P, "Identify the order requirements and prequalify the service", "start", 1, None, None),
    (1, P, "Engage with partners", "start", 2, None, None),
    (1, P, "Ask for availability for the kick-off call", "start", 1, None, None),
    (2, C, "Attend the kick-off call", "kick_off", 0, None, None),
    (2, C, "Provide the domain information", "kick_off", 2, None, None),
    (2, C, "Verify the equipment order, or describe the existing equipment to be used", "kick_off", 2, None, None),
    (2, P, "Schedule the kick-off call and the weekly meetings", "start", 2, None, None),
    (2, P, "Order the circuit", "kick_off", 2, None, None),
    (2, P, "Order the equipment", "kick_off", 2, None, None),
    (2, P, "Create the internal account and locations", "kick_off", 3, None, None),
    (3, C, "Provide the user information: name, e-mail, address, user type (Client Worksheet)",
     "kick_off", 10, "worksheet", None),
    (3, P, "Build the users and features", "go_live", -10, None, None),
    (4, C, "Fill in the Programming Data Questionnaire and confirm users and equipment", "kick_off", 15,
     "questionnaire", None),
    (4, C, "Fill out the call flows", "kick_off", 15, "call_flows", None),
    (4, C, "Provide the auto-attendant recordings", "kick_off", 15, None, None),
    (4, C, "Provide the LOA or CSR and a copy of the current bill for number ports", "kick_off", 10, "porting", None),
    (4, C, "Request the DigiCert certificate so the network can reach the provider", "kick_off", 5, None,
     CERTIFICATE_PRODUCTS),
    (4, C, "Make the DNS changes", "kick_off", 5, None, CERTIFICATE_PRODUCTS),
    (4, P, "Review the submitted package with the customer until Ready for Configuration", "go_live", -12,
     "review", None),
    (4, P, "Provide the FOC information from the carrier", "go_live", -5, None, None),
    (4, P, "Provide the IP information for the circuit", "go_live", -15, None, None),
    (4, P, "Set up the auto attendant", "go_live", -8, None, None),
    (4, P, "Test the call flows", "go_live", -4, None, None),
    (4, P, "Coordinate the loop delivery date with the telecom provider", "go_live", -15, None, None),
    (5, C, "Confirm that the site is ready", "go_live", -3, None, None),
    (5, C, "Register for and complete the online admin and user training", "go_live", -2, None, None),
    (5, P, "Program and ship the equipment", "go_live", -5, None, None),
    (5, P, "Submit the port request (at least 9 business days before go-live)", "go_live", -9, None, None),
    (5, P, "Implementation testing", "go_live", -2, None, None),
    (6, C, "Give the technician access to the telco closet and the location", "go_live", 0, None, None),
    (6, C, "Have someone on site with a console cable and a laptop for the test and turn-up", "go_live", 0,
     None, None),
    (6, C, "Test and verify on site on the go-live day", "go_live", 0, None, None),
    (6, P, "Schedule the circuit test and turn-up", "go_live", -3, None, None),
    (6, P, "Coordinate the go-live and the porting", "go_live", 0, None, None),
    (6, P, "Hand the customer off to support", "go_live", 1, None, None),
    (6, P, "Submit the account to billing", "go_live", 2, None, None),
    (7, C, "Report issues, adoption problems and training needs to the project manager", "go_live", 5, None, None),
    (7, P, "Make a working plan for any outstanding issue", "go_live", 5, None, None),
    (8, P, "Fine-tune performance and access, and hold follow-up training", "go_live", 10, None, None),
    (9, P, "Schedule the acceptance and project close call", "go_live", 12, None, None),
    (9, C, "Accept the implemented services and give feedback on the implementation", "go_live", 15, None, None),
    (9, P, "Close the project", "go_live", 15, None, None),
]


def _insert_plan():
    meta = sa.MetaData()
    products = sa.Table("products", meta, autoload_with=op.get_bind())
    phases = sa.Table("phases", meta, autoload_with=op.get_bind())
    steps = sa.Table("plan_steps", meta, autoload_with=op.get_bind())
    tasks = sa.Table("template_tasks", meta, autoload_with=op.get_bind())
    op.bulk_insert(products, [{"id": n, "key": key, "name": name, "position": n}
                              for n, (key, name) in enumerate(PRODUCTS, 1)])
    op.bulk_insert(phases, [{"id": n, "key": name.lower().replace("-", "_"), "name": name, "position": n}
                            for n, name in enumerate(PHASES, 1)])
    op.bulk_insert(steps, [{"id": number, "number": number, "title": title, "phase_id": PHASES.index(phase) + 1}
                           for number, title, phase in STEPS])
    op.bulk_insert(tasks, [{"step_id": step, "side": side, "title": title, "anchor": anchor, "offset_days": offset,
                            "feature_key": feature, "product_keys": products_, "position": position,
                            "active": True, "version": 1}
                           for position, (step, side, title, anchor, offset, feature, products_) in enumerate(TASKS)])
    if op.get_bind().dialect.name == "postgresql":
        for table in ("products", "phases", "plan_steps"):
            op.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


def upgrade():
    op.create_table('phases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phases')),
    sa.UniqueConstraint('key', name=op.f('uq_phases_key'))
    )
    op.create_table('products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products')),
    sa.UniqueConstraint('key', name=op.f('uq_products_key'))
    )
    op.create_table('plan_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('phase_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['phase_id'], ['phases.id'], name=op.f('fk_plan_steps_phase_id_phases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_steps')),
    sa.UniqueConstraint('number', name=op.f('uq_plan_steps_number'))
    )
    op.create_table('sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('suite', sa.String(length=100), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('state', sa.String(length=100), nullable=True),
    sa.Column('postal_code', sa.String(length=20), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_sites_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sites'))
    )
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sites_organization_id'), ['organization_id'], unique=False)

    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('ipm_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('order_summary', sa.Text(), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('target_go_live', sa.Date(), nullable=False),
    sa.Column('phase_id', sa.Integer(), nullable=False),
    sa.Column('phase_set_by_hand', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['ipm_id'], ['users.id'], name=op.f('fk_projects_ipm_id_users')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_projects_organization_id_organizations')),
    sa.ForeignKeyConstraint(['phase_id'], ['phases.id'], name=op.f('fk_projects_phase_id_phases')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_projects_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_ipm_id'), ['ipm_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_organization_id'), ['organization_id'], unique=False)

    op.create_table('template_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.Enum('customer', 'provider', name='side', native_enum=False, length=32), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('feature_key', sa.String(length=40), nullable=True),
    sa.Column('anchor', sa.Enum('start', 'kick_off', 'go_live', name='anchor', native_enum=False, length=32), nullable=False),
    sa.Column('offset_days', sa.Integer(), nullable=False),
    sa.Column('product_keys', sa.JSON(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['step_id'], ['plan_steps.id'], name=op.f('fk_template_tasks_step_id_plan_steps')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_template_tasks'))
    )
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('kick_off', 'weekly', name='meetingkind', native_enum=False, length=32), nullable=False),
    sa.Column('first_date', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=500), nullable=True),
    sa.Column('uid', sa.String(length=120), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_meetings_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('uid', name=op.f('uq_meetings_uid')),
    sa.UniqueConstraint('project_id', 'kind', name=op.f('uq_meetings_project_id'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_project_id'), ['project_id'], unique=False)

    op.create_table('project_sites',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_sites_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_project_sites_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'site_id', name=op.f('pk_project_sites'))
    )
    op.create_table('project_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=False),
    sa.Column('template_task_id', sa.Integer(), nullable=True),
    sa.Column('side', sa.Enum('customer', 'provider', name='side', native_enum=False, length=32), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('feature_key', sa.String(length=40), nullable=True),
    sa.Column('anchor', sa.Enum('start', 'kick_off', 'go_live', name='anchor', native_enum=False, length=32), nullable=False),
    sa.Column('offset_days', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('due_set_by_hand', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('not_started', 'in_progress', 'submitted', 'changes_requested', 'done', 'skipped', name='taskstatus', native_enum=False, length=32), nullable=False),
    sa.Column('skip_reason', sa.Text(), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_project_tasks_assignee_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_tasks_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['step_id'], ['plan_steps.id'], name=op.f('fk_project_tasks_step_id_plan_steps')),
    sa.ForeignKeyConstraint(['template_task_id'], ['template_tasks.id'], name=op.f('fk_project_tasks_template_task_id_template_tasks'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_tasks'))
    )
    with op.batch_alter_table('project_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_tasks_project_id'), ['project_id'], unique=False)

    _insert_plan()



def downgrade():
    with op.batch_alter_table('project_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_tasks_project_id'))

    op.drop_table('project_tasks')
    op.drop_table('project_sites')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_project_id'))

    op.drop_table('meetings')
    op.drop_table('template_tasks')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_organization_id'))
        batch_op.drop_index(batch_op.f('ix_projects_ipm_id'))

    op.drop_table('projects')
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sites_organization_id'))

    op.drop_table('sites')
    op.drop_table('plan_steps')
    op.drop_table('products')
    op.drop_table('phases')
