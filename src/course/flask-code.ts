/**
 * The Flask course's code, as the course writes it (its own oddities kept:
 * `app.secret` is not a Flask setting, `secret_key` is), for the course
 * pages to set beside this app's code. The course is in French; its code is
 * the same in both languages.
 */
export interface FlaskCode {
  text: string;
  /** `fr` for the course's own words (its comparison list), which stay in French; code has none. */
  lang?: 'fr';
}

export const FLASK_CODE = {
  configuration: {
    text: `app = Flask(__name__)
app.secret = 'mysecretkey'
app.config['secret_key'] = 'mysecretkey'`,
  },
  storing: {
    text: `from flask import session

session['firstname'] = 'Antonio'
session['lastname'] = 'Pisanello'`,
  },
  reading: {
    text: `from flask import session

value = session.get('key')`,
  },
  removing: {
    text: `from flask import session

session.pop('key')`,
  },
  counter: {
    text: `from flask import Flask, session

app = Flask(__name__)
app.secret = 'mysecret'

@app.route('/')
def index():
    session['count'] = session.get('count', 0) + 1
    return f'Count: {session["count"]}'`,
  },
  login: {
    text: `@app.route("/login", methods=["GET", "POST"])
def login():
  if request.method == "POST":
    email = request.form["tbxEmail"]
    password = request.form["tbxPwd"]

    if email == "admin@nomades.ch" and password == "1234":
      session["loggedin"] = True

    return redirect(url_for("userinfo"))

  return render_template("login.html")`,
  },
  protected: {
    text: `@app.route("/secret")
def secret():
  if not session.get("loggedin", False):
    return redirect(url_for("login"))
  return "This is a secret page"`,
  },
  'logout.keep': {
    text: `@app.route("/logout")
def logout():
  session["loggedin"] = False
  return redirect(url_for("login"))`,
  },
  'logout.clear': {
    text: `@app.route("/logout")
def logout():
  session.clear()
  return redirect(url_for("login"))`,
  },
  templates: {
    text: `{% if session.get('loggedin') %}
    <a href="/logout">Logout</a>
{% else %}
    <a href="/login">Login</a>
{% endif %}`,
  },
  timeout: {
    text: `app.permanent_session_lifetime = timedelta(minutes=5)`,
  },
  redirect: {
    text: `from flask import redirect

@app.route('/')
def home():
    return redirect('/login')

@app.route('/login')
def login():
    return 'Login'`,
  },
  urlFor: {
    text: `url_for('login')`,
  },
  'urlFor.template': {
    text: `<a href="{{ url_for('login') }}">Login</a>`,
  },
  flash: {
    text: `flash('You are logged in', 'success')`,
  },
  getFlashedMessages: {
    text: `{% with messages = get_flashed_messages() %}
  {% if messages %}
    <ul>
      {% for message in messages %}
        <li>{{ message }}</li>
      {% endfor %}
    </ul>
  {% endif %}
{% endwith %}`,
  },
  cookieVsSession: {
    lang: 'fr',
    text: `- Les cookies sont stockés sur l'ordinateur de l'utilisateur, tandis que les sessions sont stockées sur le serveur.
- Les cookies sont stockés en texte brut, tandis que les sessions sont stockées de manière sécurisée (encryptés).
- Les cookies ont une taille limitée, tandis que les sessions peuvent stocker plus de données.
- Les cookies peuvent être modifiés par l'utilisateur, tandis que les sessions ne peuvent pas être modifiées.
- Les cookies sont partagés entre les utilisateurs, tandis que les sessions sont propres à chaque utilisateur.`,
  },
} as const satisfies Record<string, FlaskCode>;

export type FlaskCodeId = keyof typeof FLASK_CODE;
