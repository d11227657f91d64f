"""What the review tests share (issues 20 and 21): a page's text as a person reads it, switching who is
logged in, a reviewer's decision as the page would send it, and the package read back fresh."""
import html
import re

from sqlalchemy import select

from portal.models.reviews import ReviewPackage


def page_text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def log_in_as(client, user) -> None:
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    client.login(user.email)


def decide(client, url: str, action: str, note: str = ""):
    return client.post(f"{url}/decide", data={**client.form_values(url, "action"), "action": action, "note": note})


def package_of(session, project) -> ReviewPackage:
    session.expire_all()
    return session.scalars(select(ReviewPackage).where(ReviewPackage.project_id == project.id)).one()
