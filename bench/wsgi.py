"""The portal as gunicorn serves it, plus a hello-world route to compare against (benchmark only)."""
from portal import create_app

app = create_app()


@app.get("/bench/hello")
def hello():
    return "Hello, world!"
