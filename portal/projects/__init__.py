"""Implementation projects: the plan, phases, dates, kick-off, the dashboards and the plan PDF."""
