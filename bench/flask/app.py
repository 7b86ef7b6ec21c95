"""The course's Flask app (counter, login, secret page) with Flask-Session
storing sessions in the benchmark's database through pymongo.

Differences from the course's notebook, each for a like-for-like comparison:
- the password is checked against an argon2id hash stored in the database
  (argon2-cffi; the same parameters as the Node servers), not a literal;
- the login form also accepts the field names `email`/`password`;
- the session id is regenerated at login, and redirects use 303;
- FerretDB 1.x refuses TTL indexes: Flask-Session's TTL index creation is
  skipped when refused (expired documents then stay until removed otherwise).
Settings: MONGODB_URI, SESSION_SECRET.
"""

import os
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError, InvalidHashError
from flask import Flask, redirect, render_template, request, session, url_for
from flask_session import Session
from pymongo import MongoClient
from pymongo.collection import Collection
from pymongo.errors import OperationFailure

client = MongoClient(os.environ["MONGODB_URI"])
database = client.get_default_database()
users = database["bench_users"]
hasher = PasswordHasher()

app = Flask(__name__)
app.config.update(
    SECRET_KEY=os.environ["SESSION_SECRET"],
    SESSION_TYPE="mongodb",
    SESSION_MONGODB=client,
    SESSION_MONGODB_DB=database.name,
    SESSION_MONGODB_COLLECT="flask_sessions",
    PERMANENT_SESSION_LIFETIME=timedelta(minutes=30),
    SESSION_COOKIE_SECURE=True,
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SAMESITE="Lax",
)

TTL_REFUSED = False
_create_index = Collection.create_index


def _create_index_unless_ttl_refused(self, keys, **kwargs):
    global TTL_REFUSED
    try:
        return _create_index(self, keys, **kwargs)
    except OperationFailure as error:
        if "expireAfterSeconds" in kwargs and (
            error.code == 238 or "not implemented" in str(error).lower()
        ):
            TTL_REFUSED = True
            return None
        raise


Collection.create_index = _create_index_unless_ttl_refused
try:
    Session(app)
finally:
    Collection.create_index = _create_index
# Flask-Session looks sessions up by `id`: without this index every request scans the collection.
database["flask_sessions"].create_index("id", unique=True)
if TTL_REFUSED:
    app.logger.warning("TTL index refused by the database: Flask-Session's TTL index is off")


@app.get("/health")
def health():
    return {"status": "ok", "ttl_index": not TTL_REFUSED}


@app.get("/")
def index():
    session["count"] = session.get("count", 0) + 1
    return render_template("index.html", count=session["count"])


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        email = request.form.get("email", request.form.get("tbxEmail", "")).lower()
        password = request.form.get("password", request.form.get("tbxPwd", ""))
        user = users.find_one({"_id": email}) if email else None
        try:
            if user is None:
                raise VerificationError()
            hasher.verify(user["passwordHash"], password)
        except (VerificationError, InvalidHashError):
            return render_template("login.html", error="Wrong email or password"), 401
        app.session_interface.regenerate(session)
        session["loggedin"] = True
        session["email"] = email
        return redirect(url_for("secret"), 303)
    return render_template("login.html")


@app.get("/secret")
def secret():
    if not session.get("loggedin", False):
        return redirect(url_for("login"), 303)
    return render_template("secret.html", email=session.get("email"))
