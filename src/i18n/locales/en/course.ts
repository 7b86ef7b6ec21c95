/** English texts of the course pages and the stored-session panel. Texts with markup are rendered with {{{t …}}}: they are ours, not visitors'. */
export const enCourse = {
  panel: {
    title: 'What the server stored for you',
    intro:
      'Your session document <code>%{id}</code>, read from the MongoDB <code>sessions</code> collection after this request. It is stored under the SHA-256 of your session ID, never the ID itself: the database alone opens no session. Secrets (CSRF material, password data) are never shown.',
    expires: 'Expires',
    lastModified: 'Last change',
    size: 'Size',
    bytes_one: '%{count} byte',
    bytes_other: '%{count} bytes',
    changedByForm: 'Changed by your form',
    andMore_one: 'and %{count} more',
    andMore_other: 'and %{count} more',
    changed: 'Changed by this request',
    nothingChanged: 'nothing',
    hidden: 'Not shown',
    introRedis:
      'Your session, a Redis hash under <code>%{id}</code>, read from Redis after this request: one field per key of your session, as JSON. Its key holds the SHA-256 of your session ID, never the ID itself: the database alone opens no session. Secrets (CSRF material, password data) are never shown.',
    nothing:
      'Nothing is stored for you: no session document, and your browser holds no session cookie. The server writes one only when there is something to keep.',
  },
  stores: {
    layout: 'What a session is there',
    mongoLayout:
      'One document in the <code>sessions</code> collection; a request writes only the keys it changed (<code>$set</code>, <code>$unset</code>, <code>$inc</code>).',
    redisLayout:
      'One hash, one field per key; a request writes only the fields it changed (<code>HSET</code>, <code>HDEL</code>, <code>HINCRBY</code>), in one Lua script.',
    expiry: 'Expired sessions',
    mongoExpiry:
      'Never served; removed by a TTL index on <code>expires</code> (the server checks about once a minute).',
    redisExpiry:
      'Never served; removed by Redis itself at the millisecond (<code>PEXPIREAT</code>).',
    durability: 'After a crash',
    mongoDurability:
      'Kept: each write is acknowledged by a majority of the replica set before the page says so.',
    redisDurability:
      'Kept as far as the append-only file goes (<code>appendonly yes</code>: at most a second lost with <code>everysec</code>, nothing with <code>always</code>).',
    scale: 'More instances',
    mongoScale:
      'A replica set, or a sharded cluster on <code>{ _id: "hashed" }</code>.',
    redisScale:
      'A Redis Cluster: the braces in the key are a hash tag, so a session’s commands stay in one slot.',
    when: 'Pick it when',
    mongoWhen: 'The app already has MongoDB (as this one has, for its users).',
    redisWhen:
      'Sessions must be fast and many, or the app has no MongoDB; users stay where they are.',
  },
  templates: {
    title: 'The session in templates',
    intro:
      'The course reads <code>session</code> in a Jinja template. Here every page gets <code>session</code> from a view interceptor, and Handlebars reads it. The Handlebars below is this page’s own, read from its file: what it renders is the result further down.',
    result: 'The result for you, now',
    values: 'Your own keys, listed by <code>{{#each session.keys}}</code>:',
    noValues: 'You have stored no key yet (try the Session page).',
    how: 'Handlebars has no <code>{% %}</code>: blocks are <code>{{#if}}…{{/if}}</code>, and <code>{{ }}</code> escapes values like Jinja does.',
  },
  timeout: {
    openSessionTitle: 'What if someone uses my open session?',
    openSessionIntro:
      'A session left open on a shared computer, or a cookie copied from your browser, is you, to the server. Three things bound what it can do:',
    openSessionTimeouts:
      'the timeouts: after %{minutes} minutes without a request, or the absolute lifetime, the session is gone whatever the cookie says;',
    openSessionList:
      '<a href="%{url}">your sessions</a>: every browser logged in to your account, each one revocable, and changing the password ends all but yours;',
    openSessionFresh:
      'a fresh login for sensitive actions: ending your other sessions or changing your password asks for your password again when this session last checked it more than %{minutes} minutes ago, so an open session alone cannot lock you out.',
    title: 'Session timeout',
    flask:
      'Flask: <code>app.permanent_session_lifetime = timedelta(minutes=5)</code>. Here the limits are settings (<code>SESSION_IDLE_MINUTES</code>, <code>SESSION_ABSOLUTE_HOURS</code>) and the server enforces them, whatever the cookie says.',
    idle: 'Idle timeout',
    absolute: 'Absolute lifetime',
    minutes_one: '%{count} minute',
    minutes_other: '%{count} minutes',
    hours_one: '%{count} hour',
    hours_other: '%{count} hours',
    created: 'Your session was created',
    expires: 'It ends, if you stay idle, at',
    permanent: '“Keep me signed in”',
    permanentYes: 'the cookie outlives the browser',
    permanentNo: 'the cookie is dropped when the browser closes',
    notStored: 'no session stored yet',
    idleExplained:
      'Idle timeout: each request pushes the end back to %{minutes} minutes later, as <code>permanent_session_lifetime</code> does.',
    absoluteExplained:
      'Absolute lifetime: after %{hours} hours the session ends even if you keep using it, which limits what a stolen ID is worth. Flask has no such limit built in.',
    server:
      'The limit lives in the document’s <code>expires</code> field; MongoDB removes expired documents, and an expired one is never served, even before removal.',
    serverRedis:
      'The limit is the Redis hash’s own expiry (<code>PEXPIREAT</code>): Redis removes it at that millisecond, and the app never serves an expired session.',
    demoTitle: 'Watch a session expire',
    demoIntro:
      'Press the button: your session’s lifetime becomes %{seconds} seconds, for your session alone. Make no request until the countdown ends, then come back to this page, or any other.',
    demoButton: 'Let my session expire in %{seconds} seconds',
    demoUnavailable:
      'The idle timeout (%{minutes} minutes) is already %{seconds} seconds or shorter: stay idle that long and your session ends by itself.',
    countdown:
      'Your session ends in <strong data-countdown-seconds>%{seconds}</strong> s.',
    countdownDone: 'Time is up: the server has ended your session.',
    comeBack: 'Come back to this page',
    countdownExplained:
      'The server ends it at %{- at} unless a request comes first: each request gives it %{seconds} seconds more, as Flask’s <code>permanent_session_lifetime</code> does. The countdown is only a script in this page; the server decides.',
    holds: 'Your session holds now:',
    holdsNothing: 'Your session holds nothing now: no data of yours is stored.',
    deadline:
      'How: <code>req.session.cookie.maxAge = 20_000</code>, express-session’s own setting. The store ends a session at the earliest of the idle timeout, the absolute lifetime and its cookie’s maxAge since its last request, so a shorter maxAge only ever shortens it, and other visitors keep their timeouts. The browser drops the cookie at the same time.',
    permanentIntro:
      'Flask’s <code>session.permanent = True</code> makes the session last <code>permanent_session_lifetime</code>, even after the browser closes. Here it is the login form’s “Keep me signed in” box: the cookie gets an expiry (the idle timeout, renewed by each request) instead of ending with the browser. The server’s timeouts are the same either way.',
    cookieExpires: 'Your session cookie expires:',
    cookieNoExpires: 'never by itself: it ends when the browser closes',
    permanentOn: 'Keep me signed in (session.permanent = True)',
    permanentOff: 'Stop keeping me signed in (session.permanent = False)',
    permanentLogin: 'The same choice when you log in:',
    loginPage: 'the login page',
  },
  redirect: {
    title: 'redirect()',
    intro:
      'Flask’s <code>return redirect(url_for("login"))</code> is a handler decorated with <code>@Redirect()</code> that returns the address; the browser then makes a GET to it. Here it answers 303 (See Other), which always becomes a GET.',
    try: 'Follow a redirect to this page',
    arrived:
      'You arrived here through a <strong>303 redirect</strong> from <code>/course/redirect/go</code>.',
    question:
      'The course asks what happens if <code>/login</code> becomes <code>/signin</code>: a hard-coded <code>redirect("/login")</code> breaks; <code>url_for</code> (<a href="%{- next}">the next page</a>) follows the change.',
  },
  urlFor: {
    title: 'url_for()',
    intro:
      'As in Flask, a route is named after its handler (the function) and <code>url_for</code> gives its path: <code>UrlForService.urlFor(name, values)</code> in code, the <code>{{url_for …}}</code> helper in templates. Change a path in a controller and every link follows.',
    caption: 'The routes of this app, by name',
    name: 'Name',
    method: 'Method',
    path: 'Path',
    buildTitle: 'Build a URL:',
    buildIntro:
      'A route name and its values, as <code>url_for</code> takes them: values named in the path fill it, the others become the query string. Try <code>revokeSession</code> with <code>ref=abc</code>, then without values, then a name no route has.',
    values: 'Values (name=value, separated by commas)',
    buildButton: 'Build the URL',
    raised:
      'raised an error, as Flask’s <code>url_for</code> raises a <code>BuildError</code>:',
    resultIntro:
      'What url_for gave for this page, in the template and in code:',
    sameName:
      'A form and the page that shows it share one name when they share the path (<code>login</code>: GET shows the form, POST sends it), so <code>url_for</code> gives one URL for both.',
  },
  flash: {
    title: 'flash()',
    intro:
      'Flask’s <code>flash("You are logged in", "success")</code> is <code>FlashService.flash(session, message, category)</code>: the message is stored in your session until a page shows it.',
    button: 'Flash a message and go to the next page',
    next: 'The button posts, the message is stored in your session, and you are redirected: the next page shows it once.',
    categoriesTitle: 'Choose the categories:',
    categoriesIntro:
      'The second argument of <code>flash</code> is the category; the layout styles each one. Choose up to four, in any order: they are flashed in that order and shown together on the next page.',
    messageLabel: 'Message %{position}',
    noMessage: '(no message)',
    categoriesButton: 'Flash these messages',
    categoriesNext:
      'Each message waits in <code>session["flashes"]</code>, a list kept in the order the messages were flashed.',
  },
  flashedMessages: {
    title: 'get_flashed_messages()',
    intro:
      'Flask’s <code>get_flashed_messages()</code> is <code>FlashService.getFlashedMessages(session)</code>: the layout shows them with the <code>flashes</code> partial, and reading them removes them from the session.',
    returned_one:
      'For this page, <code>getFlashedMessages</code> returned %{count} message, shown at the top by the <code>flashes</code> partial:',
    returned_other:
      'For this page, <code>getFlashedMessages</code> returned %{count} messages, shown at the top by the <code>flashes</code> partial:',
    returnedNothing:
      'For this page, <code>getFlashedMessages</code> returned nothing: no message was waiting in your session. Press the button: it flashes one message of each category and brings you back here.',
    consumed:
      'Reading them removed them: the panel below shows no <code>flashes</code> in your stored session. Reload the page and they do not come back.',
    flashAll: 'Flash one message per category and come back',
    again:
      'To choose the messages and their order: <a href="%{- page}">the flash() page</a>.',
  },
  cookieVsSession: {
    title: 'Cookie versus session',
    intro:
      'The course ends with a list of differences between cookies and sessions. Here they are side by side: the cookie your browser holds, the record the server keeps, and each of the course’s claims checked against this app. (What a session is: <a href="%{- first}">step 1</a>.)',
    browser: 'What your browser holds',
    server: 'What the server holds',
    prefix: 'marks a signed value',
    id: 'Session ID',
    idExplained:
      '%{length} random characters, shortened here: whoever has it is you, for this site.',
    signature: 'Signature',
    signatureExplained:
      '%{length} characters: an HMAC-SHA256 of the ID with the server’s secret. It proves the server issued the ID; it hides nothing.',
    size: 'Size',
    noCookie:
      'Your browser sent no session cookie: nothing is stored for you yet. Visit the counter, then come back.',
    attributes: 'Cookie attributes',
    httpOnly: 'page scripts cannot read it',
    sameSite: 'not sent with cross-site form posts',
    secureOn: 'sent over HTTPS only',
    secureOff: 'off in development (HTTP); on in production',
    noExpires:
      'none: a browser-session cookie, dropped when the browser closes (unless you ticked “Keep me signed in”)',
    loginCookie:
      'A second cookie, <code>%{name}=1</code>, says only that this browser is logged in. It holds no ID and no secret: when it comes back without a live login, the app knows your login expired and tells you so.',
    serverHolds:
      'A document in MongoDB with %{keys} keys of session data, an expiry and the time of the last change.',
    serverHoldsRedis:
      'A hash in Redis with %{keys} keys of session data, an expiry and the time of the last change.',
    storeTitle: 'Redis or MongoDB',
    storeCourse:
      'The course warns that session data kept in memory is lost when the server restarts, and suggests “another storage system such as Redis or MongoDB”. This app has both: MongoDB by default, Redis with <code>SESSION_STORE=redis</code>.',
    storeMongo:
      'Your session is in <strong>MongoDB</strong> now: the panel below shows the document as MongoDB holds it.',
    storeRedis:
      'Your session is in <strong>Redis</strong> now: the panel below shows the hash as Redis holds it. Users and login throttling stay in MongoDB.',
    seePanel: 'Its content, without secrets, is in the panel below.',
    claimsTitle: 'The course’s comparison, checked',
    claimsIntro:
      'The course’s list is a good start; a few points are more precise in practice.',
    course: 'The course says',
    facts: 'What this app shows',
  },
  whatIsASession: {
    title: 'What a session is',
    what: 'A session keeps data about one visitor on the server, between requests. The browser holds only a cookie with the session’s ID; the server finds the data by that ID.',
    browsers:
      'Another browser has another cookie, so another session; tabs of one browser share it. The course adds that closing the browser destroys the session: it drops the cookie, and the server forgets the session when it expires (<a href="%{- page}">cookie versus session</a>).',
    codeIntro:
      'Flask needs a secret key to sign its cookie. Here the session middleware is set up once, with the secret, the cookie and the store:',
    cookieSent: 'Your browser sent the session cookie',
    noCookie:
      'Your browser sent no session cookie: it has none yet, because nothing was stored for you.',
    serverHolds_one:
      'The server found your session with it: document <code>%{id}</code>, %{count} key (the panel below shows it all).',
    serverHolds_other:
      'The server found your session with it: document <code>%{id}</code>, %{count} keys (the panel below shows it all).',
    serverNothing:
      'The server stores nothing for you yet: a session is written only when there is something to keep. Visit <a href="%{- counter}">the counter</a> and come back.',
    more: 'The cookie and the stored record side by side, and the course’s claims checked: <a href="%{- page}">cookie versus session</a>.',
  },
  code: {
    title: 'The code: the course’s Flask, this app’s NestJS',
    flask: 'Flask, as the course writes it',
    course: 'The course’s list, in its own words (French)',
    nest: 'NestJS, in this app:',
    line: 'line %{line}',
    differs: 'What differs, and why:',
    result: 'The result for you, now',
  },
  steps: {
    label: 'The course, step by step',
    step: 'Step %{number} of %{total}',
    range: 'Steps %{first} to %{last} of %{total}',
    previous: 'Previous:',
    next: 'Next:',
    all: 'All the steps',
  },
  differs: {
    openSession:
      'The course stops at the timeout. Flask-Login has <code>fresh_login_required</code> for this; here it is a decorator on the action, <code>@RequiresFreshLogin()</code>, and its guard: past the age, the action answers a page that asks for the password and posts back to it, the form’s other fields kept, the check throttled as a login.',
    session:
      'The course sets <code>app.secret</code> (Flask’s setting is <code>secret_key</code>), and Flask keeps the data in the signed cookie itself. Here the secret comes from <code>SESSION_SECRET</code> (several, for rotation), the cookie holds only a signed ID, and the data is in MongoDB (or Redis), one record per session. <code>saveUninitialized: false</code>: a visitor gets a session only when there is something to keep.',
    storing:
      'One line in Flask. Here the form goes through a DTO (key and value checked) to <code>SessionDataService.set</code>, which refuses the app’s own keys: a form that could write <code>loggedin</code> would let anyone log in. The store then writes only the key that changed (<code>$set</code>), not the whole session.',
    reading:
      'Flask’s <code>session.get</code> returns <code>None</code> for a missing key, or the default you give it, as this form does. The session is a plain object here (<code>req.session</code>), so reading is <code>session[key]</code>; the service only checks that the key is one you may read.',
    removing:
      "The course’s <code>session.pop('key')</code> raises a <code>KeyError</code> when the key is missing (it gives no default); here a missing key is a warning on the page, not an error.",
    counter:
      'The same <code>count + 1</code>, written as an increment (<code>$inc</code> in MongoDB, <code>HINCRBY</code> in Redis), so that two tabs loading the page at once both count. The handler returns the page’s data and <code>@Render()</code> renders it, as <code>render_template</code> does.',
    login:
      'The course compares the form with a fixed address and password, sets <code>loggedin</code> and redirects to <code>userinfo</code>, even when the check fails. Here the password is checked against an argon2id hash, attempts are throttled, a failed login shows the form again with a message, and the session gets a new ID before <code>loggedin</code> is set (<code>regenerate</code>): an ID someone planted before the login is worth nothing after it (session fixation).',
    protected:
      'The course checks <code>session.get("loggedin")</code> inside each protected view: forget it once and the page is open. Here one guard, <code>AuthenticatedGuard</code>, runs before every handler (<code>APP_GUARD</code>): a page is protected unless its handler or controller says <code>@Public()</code>, so <code>secret()</code> itself has no check. A visitor without a login is sent to the login page with the page in <code>next</code>, and comes back to it after logging in.',
    logout:
      'The course’s two ways are two buttons here. Both are POST forms with a CSRF token: a logout behind a GET link could be set off by another site’s image. Both give the session a new ID. <code>session.clear()</code> deletes the record on the server; <code>session["loggedin"] = False</code> keeps your keys and removes <code>user</code> as well.',
    templates:
      "Jinja’s <code>{% if session.get('loggedin') %}</code> is Handlebars’ <code>{{#if session.loggedin}}</code>. A Handlebars template does not see the request: <code>ViewLocalsInterceptor</code> gives every page a <code>session</code> built by <code>sessionView</code>, a copy for display, so a template cannot change the session.",
    timeout:
      'One line in Flask, for permanent sessions only. Here two limits, both enforced by the store on the server whatever the cookie says: idle (each request pushes the end back) and absolute (from the session’s creation; Flask has none). <code>session.permanent</code> only decides whether the cookie outlives the browser.',
    redirect:
      'Flask’s <code>redirect()</code> answers 302 by default; here <code>@Redirect()</code> answers 303 (See Other), which always makes the browser GET the new address, even after a POST. The address comes from <code>url_for</code>, not a path written by hand.',
    urlFor:
      "The same idea: a route is named after its handler, and <code>urlFor</code> builds its path; an unknown name or a missing value fails loudly, as Flask’s <code>BuildError</code> does. In templates it is the <code>{{url_for 'login'}}</code> helper: Handlebars calls helpers without parentheses.",
    flash:
      'Flask keeps the message in its cookie session; here it waits in the server-side session, in <code>flashes</code>. The message is an English template with its values apart (<code>{ key }</code>), so each page can show it in the visitor’s language; a category the layout does not know is refused.',
    getFlashedMessages:
      'Flask’s templates call <code>get_flashed_messages()</code> themselves; here <code>ViewLocalsService.build</code> calls it for every page before the page is rendered, and the layout shows the messages with the <code>flashes</code> partial. Reading removes them, as in Flask. Each message is a <code>&lt;p&gt;</code> with a role (<code>status</code>, <code>alert</code> for errors) rather than an <code>&lt;li&gt;</code>, so that screen readers announce it.',
    cookieVsSession:
      'The course describes server-side sessions, which Flask needs an extension for: its default session is a signed cookie that holds the data. Here the cookie holds only the signed ID, with the attributes of <code>cookieAttributesOf</code>; the record lives in the database, laid out as <code>layout</code> shows. The table below checks each claim of the course against this app.',
  },
  outcome: {
    loginTitle: 'What <code>POST /login</code> did to your session:',
    newId:
      'a new session ID: the record <code>%{before}…</code> was deleted, yours is now <code>%{after}…</code> (against session fixation);',
    firstId:
      'a session was created for the login: record <code>%{after}…</code>;',
    idGone: 'the record <code>%{before}…</code> was deleted with its ID;',
    loggedin:
      '<code>loggedin</code> is now <code>true</code>, and <code>user</code> holds your account;',
    carried: 'your other keys came along:',
    carriedNothing: 'there were no other keys to carry.',
    logoutKeepTitle:
      'You logged out with <code>session["loggedin"] = False</code>: the login ended, your data stayed.',
    logoutClearTitle:
      'You logged out with <code>session.clear()</code>: the whole session went.',
    dropped: 'Removed:',
    droppedNothing: 'Nothing was removed.',
    loggedinFalse: '<code>loggedin</code> is now <code>false</code>.',
    kept: 'Kept:',
    keptNothing: 'Nothing of yours is kept.',
  },
  protected: {
    resultTitle: 'What let you in',
    letIn:
      '<code>AuthenticatedGuard</code> ran before <code>secret()</code>: the handler is not <code>@Public()</code>, and your session holds a login (<code>loggedin</code> and <code>user</code>: %{email}). So the guard let the request through.',
    stranger:
      'Without a login, the same request gets a 303 to <code>%{url}</code> and the message “Please log in to see this page”; after the login, <code>next</code> brings the visitor back here.',
  },
  login: {
    before:
      'Your session now: record <code>%{id}</code>, not logged in (<code>session.get("loggedin")</code> is not true).',
    beforeNothing:
      'You have no stored session now: nothing to log in yet. The login creates one.',
    already:
      'You are logged in as %{email}: your session holds <code>loggedin = true</code>.',
    after:
      'Log in and the page you land on says what changed: a new session ID, and <code>loggedin</code> set.',
  },
  logout: {
    codeTitle: 'The code behind both buttons',
    wouldKeep: 'It keeps your keys:',
    nothingToKeep: 'You have no keys of your own to keep.',
    wouldDrop: 'It removes your keys:',
    nothingToDrop: 'You have no keys of your own: it removes the login.',
    landing:
      'Either button brings you to the login page, which says which way you chose and which keys were kept or removed.',
  },
  claims: {
    where: {
      claim:
        'Cookies are stored on the user’s computer, sessions on the server.',
      fact: 'True of this app: the cookie holds only the ID, the data is in MongoDB. Note that Flask’s default <code>session</code> is itself a signed cookie holding the data; server-side storage needs an extension such as Flask-Session.',
    },
    encrypted: {
      claim:
        'Cookies are plain text, sessions are stored securely (encrypted).',
      fact: 'Neither is encrypted here: the cookie is <em>signed</em> (tamper-evident, still readable) and the session document is stored as plain data, as the panel shows. What protects the data is that it never leaves the server.',
    },
    size: {
      claim: 'Cookies have a limited size, sessions can store more.',
      fact: 'True: browsers keep about 4 KB per cookie, and this cookie is %{cookie} bytes; a MongoDB document may reach 16 MB, and yours is %{document} bytes. Every cookie byte is sent with every request; session data is not.',
    },
    modified: {
      claim: 'Cookies can be modified by the user, sessions cannot.',
      fact: 'The user can change any cookie; a changed session cookie fails its signature and is ignored. The session data changes only through the app’s own pages.',
    },
    shared: {
      claim:
        'Cookies are shared between users, sessions are specific to each user.',
      fact: 'A cookie is not shared between users: each browser keeps its own cookies, and this cookie names one session. A session is specific to a browser rather than a person: the same person in two browsers has two sessions.',
    },
    browserClose: {
      claim: 'If you close the browser, the session is destroyed.',
      fact: 'Closing the browser drops the cookie (when it has no expiry), so the browser loses the way to its session. The document on the server stays until it expires (%{minutes} minutes after the last use here) and is removed.',
    },
    memory: {
      claim: 'Session data is kept in memory by default and lost on restart.',
      fact: 'Here it is in MongoDB, or Redis with persistence on, and survives restarts of the app and of the database. (Flask’s default keeps it in the cookie; express-session’s default MemoryStore is for development only.)',
    },
  },
};
