"""WTForms classes, one module per feature; every form derives from forms.base.BaseForm."""
