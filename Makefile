# The two quick-start commands of the README: `make run` and `make test`.
.PHONY: run test bootstrap bench

bootstrap:
	.ci/bootstrap

run: bootstrap
	.venv/bin/flask --app app db upgrade
	.venv/bin/flask --app app seed-demo
	@echo "The portal is at http://127.0.0.1:5000 (log in with one of the lines above)."
	@# the worker (e-mail, documents, housekeeping) runs beside the server and stops with it
	.venv/bin/flask --app app worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  .venv/bin/flask --app app run --host 127.0.0.1 --port 5000

test:
	.ci/test

bench: bootstrap
	.venv/bin/python -m bench.throughput
	PORTAL_BENCH_POSTGRES_URL=postgresql+psycopg://portal:portal@127.0.0.1:5432/portal_bench .venv/bin/python -m bench.forms
	.venv/bin/python -m bench.projects
	.venv/bin/python -m bench.worksheet
	.venv/bin/python -m bench.questionnaire
	.venv/bin/python -m bench.jobs
	.venv/bin/python -m bench.callflows
	.venv/bin/python -m bench.porting
	.venv/bin/python -m bench.signing
	.venv/bin/python -m bench.reviews
	.venv/bin/python -m bench.discrepancies
