import type { enCourse } from '../en/course.js';

/** French texts of the course pages and the stored-session panel: the same keys as the English ones (checked by the type). */
export const frCourse: typeof enCourse = {
  panel: {
    title: 'Ce que le serveur a stocké pour vous',
    intro:
      'Votre document de session <code>%{id}</code>, lu dans la collection MongoDB <code>sessions</code> après cette requête. Il est stocké sous le SHA-256 de votre identifiant de session, jamais sous l’identifiant lui-même : la base seule n’ouvre aucune session. Les secrets (jetons CSRF, mots de passe) ne sont jamais affichés.',
    expires: 'Expire le',
    lastModified: 'Dernière modification',
    size: 'Taille',
    bytes_one: '%{count} octet',
    bytes_other: '%{count} octets',
    changedByForm: 'Modifié par votre formulaire',
    andMore_one: 'et %{count} autre',
    andMore_other: 'et %{count} autres',
    changed: 'Modifié par cette requête',
    nothingChanged: 'rien',
    hidden: 'Non affiché',
    introRedis:
      'Votre session, un hash Redis sous <code>%{id}</code>, lu dans Redis après cette requête : un champ par clé de votre session, en JSON. Sa clé contient le SHA-256 de votre identifiant de session, jamais l’identifiant lui-même : la base seule n’ouvre aucune session. Les secrets (jetons CSRF, mots de passe) ne sont jamais affichés.',
    nothing:
      'Rien n’est stocké pour vous : aucun document de session, et votre navigateur n’a aucun cookie de session. Le serveur n’en écrit un que s’il y a quelque chose à garder.',
  },
  stores: {
    layout: 'Ce qu’est une session',
    mongoLayout:
      'Un document de la collection <code>sessions</code> ; une requête n’écrit que les clés qu’elle a changées (<code>$set</code>, <code>$unset</code>, <code>$inc</code>).',
    redisLayout:
      'Un hash, un champ par clé ; une requête n’écrit que les champs qu’elle a changés (<code>HSET</code>, <code>HDEL</code>, <code>HINCRBY</code>), en un seul script Lua.',
    expiry: 'Sessions expirées',
    mongoExpiry:
      'Jamais servies ; supprimées par un index TTL sur <code>expires</code> (le serveur vérifie environ une fois par minute).',
    redisExpiry:
      'Jamais servies ; supprimées par Redis lui-même, à la milliseconde (<code>PEXPIREAT</code>).',
    durability: 'Après une panne',
    mongoDurability:
      'Gardées : chaque écriture est confirmée par une majorité du replica set avant que la page ne le dise.',
    redisDurability:
      'Gardées autant que le fichier append-only le permet (<code>appendonly yes</code> : au plus une seconde perdue avec <code>everysec</code>, rien avec <code>always</code>).',
    scale: 'Plusieurs instances',
    mongoScale:
      'Un replica set, ou un cluster shardé sur <code>{ _id: "hashed" }</code>.',
    redisScale:
      'Un Redis Cluster : les accolades de la clé sont un hash tag, les commandes d’une session restent dans un seul slot.',
    when: 'À choisir quand',
    mongoWhen:
      'L’application a déjà MongoDB (comme celle-ci, pour ses utilisateurs).',
    redisWhen:
      'Les sessions doivent être rapides et nombreuses, ou l’application n’a pas MongoDB ; les utilisateurs restent où ils sont.',
  },
  templates: {
    title: 'La session dans les templates',
    intro:
      'Le cours lit <code>session</code> dans un template Jinja. Ici chaque page reçoit <code>session</code> d’un intercepteur de vues, et Handlebars la lit. Le Handlebars ci-dessous est celui de cette page, lu dans son fichier : ce qu’il affiche est le résultat plus bas.',
    result: 'Le résultat pour vous, maintenant',
    values:
      'Vos propres clés, listées par <code>{{#each session.keys}}</code> :',
    noValues: 'Vous n’avez encore stocké aucune clé (essayez la page Session).',
    how: 'Handlebars n’a pas de <code>{% %}</code> : les blocs s’écrivent <code>{{#if}}…{{/if}}</code>, et <code>{{ }}</code> échappe les valeurs comme Jinja.',
  },
  timeout: {
    openSessionTitle: 'Et si quelqu’un utilise ma session ouverte ?',
    openSessionIntro:
      'Une session restée ouverte sur un ordinateur partagé, ou un cookie copié depuis votre navigateur, c’est vous, pour le serveur. Trois choses bornent ce qu’elle peut faire :',
    openSessionTimeouts:
      'les délais : après %{minutes} minutes sans requête, ou la durée de vie maximale, la session disparaît quoi que dise le cookie ;',
    openSessionList:
      '<a href="%{url}">vos sessions</a> : chaque navigateur connecté à votre compte, chacune révocable, et changer le mot de passe termine toutes les autres ;',
    openSessionFresh:
      'une connexion récente pour les actions sensibles : terminer vos autres sessions ou changer votre mot de passe redemande le mot de passe quand cette session l’a vérifié il y a plus de %{minutes} minutes ; une session ouverte seule ne peut donc pas vous mettre dehors.',
    title: 'Le timeout de session',
    flask:
      'Flask : <code>app.permanent_session_lifetime = timedelta(minutes=5)</code>. Ici les limites sont des réglages (<code>SESSION_IDLE_MINUTES</code>, <code>SESSION_ABSOLUTE_HOURS</code>) et le serveur les applique, quoi que dise le cookie.',
    idle: 'Délai d’inactivité',
    absolute: 'Durée de vie maximale',
    minutes_one: '%{count} minute',
    minutes_other: '%{count} minutes',
    hours_one: '%{count} heure',
    hours_other: '%{count} heures',
    created: 'Votre session a été créée le',
    expires: 'Elle se termine, si vous restez inactif, le',
    permanent: '« Rester connecté »',
    permanentYes: 'le cookie survit à la fermeture du navigateur',
    permanentNo: 'le cookie disparaît à la fermeture du navigateur',
    notStored: 'aucune session stockée pour l’instant',
    idleExplained:
      'Délai d’inactivité : chaque requête repousse la fin à %{minutes} minutes plus tard, comme <code>permanent_session_lifetime</code>.',
    absoluteExplained:
      'Durée de vie maximale : après %{hours} heures la session se termine même si vous l’utilisez encore, ce qui limite la valeur d’un identifiant volé. Flask n’a pas cette limite de base.',
    server:
      'La limite est dans le champ <code>expires</code> du document ; MongoDB supprime les documents expirés, et un document expiré n’est jamais servi, même avant sa suppression.',
    serverRedis:
      'La limite est l’expiration du hash Redis lui-même (<code>PEXPIREAT</code>) : Redis le supprime à cette milliseconde, et l’application ne sert jamais une session expirée.',
    demoTitle: 'Voir une session expirer',
    demoIntro:
      'Appuyez sur le bouton : la durée de vie de votre session devient %{seconds} secondes, pour votre session seulement. Ne faites aucune requête jusqu’à la fin du compte à rebours, puis revenez sur cette page, ou une autre.',
    demoButton: 'Faire expirer ma session dans %{seconds} secondes',
    demoUnavailable:
      'Le délai d’inactivité (%{minutes} minutes) est déjà de %{seconds} secondes ou moins : restez inactif aussi longtemps et votre session se termine d’elle-même.',
    countdown:
      'Votre session se termine dans <strong data-countdown-seconds>%{seconds}</strong> s.',
    countdownDone: 'C’est l’heure : le serveur a terminé votre session.',
    comeBack: 'Revenir sur cette page',
    countdownExplained:
      'Le serveur la termine le %{- at}, sauf si une requête arrive avant : chaque requête lui redonne %{seconds} secondes, comme le <code>permanent_session_lifetime</code> de Flask. Le compte à rebours n’est qu’un script de cette page ; c’est le serveur qui décide.',
    holds: 'Votre session contient maintenant :',
    holdsNothing:
      'Votre session ne contient plus rien : aucune donnée à vous n’est stockée.',
    deadline:
      'Comment : <code>req.session.cookie.maxAge = 20_000</code>, le réglage d’express-session lui-même. Le store termine une session au plus tôt du délai d’inactivité, de la durée de vie maximale et du maxAge de son cookie depuis sa dernière requête : un maxAge plus court ne peut que la raccourcir, et les autres visiteurs gardent leurs délais. Le navigateur abandonne le cookie au même moment.',
    permanentIntro:
      'Le <code>session.permanent = True</code> de Flask fait durer la session <code>permanent_session_lifetime</code>, même après la fermeture du navigateur. Ici c’est la case « Rester connecté » du formulaire de connexion : le cookie reçoit une expiration (le délai d’inactivité, renouvelé à chaque requête) au lieu de disparaître avec le navigateur. Les délais du serveur restent les mêmes dans les deux cas.',
    cookieExpires: 'Votre cookie de session expire :',
    cookieNoExpires:
      'jamais de lui-même : il disparaît à la fermeture du navigateur',
    permanentOn: 'Rester connecté (session.permanent = True)',
    permanentOff: 'Ne plus rester connecté (session.permanent = False)',
    permanentLogin: 'Le même choix à la connexion :',
    loginPage: 'la page de connexion',
  },
  redirect: {
    title: 'redirect()',
    intro:
      'Le <code>return redirect(url_for("login"))</code> de Flask est ici un handler décoré de <code>@Redirect()</code> qui renvoie l’adresse ; le navigateur fait alors un GET dessus. La réponse est un 303 (See Other), qui devient toujours un GET.',
    try: 'Suivre une redirection vers cette page',
    arrived:
      'Vous êtes arrivé ici par une <strong>redirection 303</strong> depuis <code>/course/redirect/go</code>.',
    question:
      'Le cours demande ce qui se passe si <code>/login</code> devient <code>/signin</code> : un <code>redirect("/login")</code> écrit en dur casse ; <code>url_for</code> (<a href="%{- next}">la page suivante</a>) suit le changement.',
  },
  urlFor: {
    title: 'url_for()',
    intro:
      'Comme dans Flask, une route porte le nom de son handler (la fonction) et <code>url_for</code> donne son chemin : <code>UrlForService.urlFor(name, values)</code> dans le code, le helper <code>{{url_for …}}</code> dans les templates. Changez un chemin dans un contrôleur et tous les liens suivent.',
    caption: 'Les routes de cette application, par nom',
    name: 'Nom',
    method: 'Méthode',
    path: 'Chemin',
    buildTitle: 'Construire une URL :',
    buildIntro:
      'Un nom de route et ses valeurs, comme <code>url_for</code> les prend : les valeurs nommées dans le chemin le remplissent, les autres forment la query string. Essayez <code>revokeSession</code> avec <code>ref=abc</code>, puis sans valeurs, puis un nom qu’aucune route ne porte.',
    values: 'Valeurs (nom=valeur, séparées par des virgules)',
    buildButton: 'Construire l’URL',
    raised:
      'a levé une erreur, comme le <code>url_for</code> de Flask lève une <code>BuildError</code> :',
    resultIntro:
      'Ce que url_for a donné pour cette page, dans le template et dans le code :',
    sameName:
      'Un formulaire et la page qui l’affiche partagent un nom quand ils partagent le chemin (<code>login</code> : GET affiche le formulaire, POST l’envoie), et <code>url_for</code> donne la même URL aux deux.',
  },
  flash: {
    title: 'flash()',
    intro:
      'Le <code>flash("You are logged in", "success")</code> de Flask est <code>FlashService.flash(session, message, category)</code> : le message est stocké dans votre session jusqu’à ce qu’une page l’affiche.',
    button: 'Envoyer un message flash et passer à la page suivante',
    next: 'Le bouton envoie un POST, le message est stocké dans votre session, et vous êtes redirigé : la page suivante l’affiche une fois.',
    categoriesTitle: 'Choisir les catégories :',
    categoriesIntro:
      'Le second argument de <code>flash</code> est la catégorie ; le layout donne à chacune son style. Choisissez-en jusqu’à quatre, dans l’ordre voulu : elles sont envoyées dans cet ordre et affichées ensemble sur la page suivante.',
    messageLabel: 'Message %{position}',
    noMessage: '(pas de message)',
    categoriesButton: 'Envoyer ces messages',
    categoriesNext:
      'Chaque message attend dans <code>session["flashes"]</code>, une liste gardée dans l’ordre d’envoi.',
  },
  flashedMessages: {
    title: 'get_flashed_messages()',
    intro:
      'Le <code>get_flashed_messages()</code> de Flask est <code>FlashService.getFlashedMessages(session)</code> : le layout les affiche avec le partial <code>flashes</code>, et les lire les retire de la session.',
    returned_one:
      'Pour cette page, <code>getFlashedMessages</code> a rendu %{count} message, affiché en haut par le partial <code>flashes</code> :',
    returned_other:
      'Pour cette page, <code>getFlashedMessages</code> a rendu %{count} messages, affichés en haut par le partial <code>flashes</code> :',
    returnedNothing:
      'Pour cette page, <code>getFlashedMessages</code> n’a rien rendu : aucun message n’attendait dans votre session. Appuyez sur le bouton : il envoie un message de chaque catégorie et vous ramène ici.',
    consumed:
      'Les lire les a retirés : le panneau ci-dessous ne montre plus de <code>flashes</code> dans votre session stockée. Rechargez la page : ils ne reviennent pas.',
    flashAll: 'Envoyer un message par catégorie et revenir',
    again:
      'Pour choisir les messages et leur ordre : <a href="%{- page}">la page flash()</a>.',
  },
  cookieVsSession: {
    title: 'Différence entre cookie et session',
    intro:
      'Le cours se termine par une liste de différences entre cookies et sessions. Les voici côte à côte : le cookie que garde votre navigateur, l’enregistrement que garde le serveur, et chaque affirmation du cours vérifiée dans cette application. (Ce qu’est une session : <a href="%{- first}">étape 1</a>.)',
    browser: 'Ce que votre navigateur garde',
    server: 'Ce que le serveur garde',
    prefix: 'indique une valeur signée',
    id: 'Identifiant de session',
    idExplained:
      '%{length} caractères aléatoires, raccourcis ici : qui les possède est vous, pour ce site.',
    signature: 'Signature',
    signatureExplained:
      '%{length} caractères : un HMAC-SHA256 de l’identifiant avec le secret du serveur. Elle prouve que le serveur a émis l’identifiant ; elle ne cache rien.',
    size: 'Taille',
    noCookie:
      'Votre navigateur n’a envoyé aucun cookie de session : rien n’est encore stocké pour vous. Visitez le compteur, puis revenez.',
    attributes: 'Attributs du cookie',
    httpOnly: 'les scripts de la page ne peuvent pas le lire',
    sameSite: 'pas envoyé avec les formulaires venant d’un autre site',
    secureOn: 'envoyé seulement en HTTPS',
    secureOff: 'désactivé en développement (HTTP) ; activé en production',
    noExpires:
      'aucune : un cookie de session du navigateur, effacé à sa fermeture (sauf si vous avez coché « Rester connecté »)',
    loginCookie:
      'Un second cookie, <code>%{name}=1</code>, dit seulement que ce navigateur est connecté. Il ne contient ni identifiant ni secret : s’il revient sans connexion active, l’application sait que votre connexion a expiré et vous le dit.',
    serverHolds:
      'Un document MongoDB avec %{keys} clés de données de session, une date d’expiration et l’heure de la dernière modification.',
    serverHoldsRedis:
      'Un hash Redis avec %{keys} clés de données de session, une date d’expiration et l’heure de la dernière modification.',
    storeTitle: 'Redis ou MongoDB',
    storeCourse:
      'Le cours prévient que les données de session gardées en mémoire sont perdues au redémarrage du serveur, et propose « un autre système de stockage tel que Redis ou MongoDB ». Cette application a les deux : MongoDB par défaut, Redis avec <code>SESSION_STORE=redis</code>.',
    storeMongo:
      'Votre session est dans <strong>MongoDB</strong> en ce moment : le panneau ci-dessous montre le document tel que MongoDB le garde.',
    storeRedis:
      'Votre session est dans <strong>Redis</strong> en ce moment : le panneau ci-dessous montre le hash tel que Redis le garde. Les utilisateurs et la limitation des connexions restent dans MongoDB.',
    seePanel: 'Son contenu, sans les secrets, est dans le panneau ci-dessous.',
    claimsTitle: 'La comparaison du cours, vérifiée',
    claimsIntro:
      'La liste du cours est un bon début ; quelques points sont plus précis en pratique.',
    course: 'Le cours dit',
    facts: 'Ce que montre cette application',
  },
  whatIsASession: {
    title: 'Ce qu’est une session',
    what: 'Une session garde sur le serveur des données sur un visiteur, d’une requête à l’autre. Le navigateur ne garde qu’un cookie avec l’identifiant de la session ; le serveur retrouve les données grâce à cet identifiant.',
    browsers:
      'Un autre navigateur a un autre cookie, donc une autre session ; les onglets d’un même navigateur la partagent. Le cours ajoute que fermer le navigateur détruit la session : il efface le cookie, et le serveur oublie la session à son expiration (<a href="%{- page}">cookie ou session</a>).',
    codeIntro:
      'Flask a besoin d’une clé secrète pour signer son cookie. Ici le middleware de session est configuré une fois, avec le secret, le cookie et le store :',
    cookieSent: 'Votre navigateur a envoyé le cookie de session',
    noCookie:
      'Votre navigateur n’a envoyé aucun cookie de session : il n’en a pas encore, car rien n’a été stocké pour vous.',
    serverHolds_one:
      'Le serveur a retrouvé votre session grâce à lui : document <code>%{id}</code>, %{count} clé (le panneau ci-dessous la montre entière).',
    serverHolds_other:
      'Le serveur a retrouvé votre session grâce à lui : document <code>%{id}</code>, %{count} clés (le panneau ci-dessous la montre entière).',
    serverNothing:
      'Le serveur ne stocke encore rien pour vous : une session n’est écrite que s’il y a quelque chose à garder. Visitez <a href="%{- counter}">le compteur</a> et revenez.',
    more: 'Le cookie et l’enregistrement stocké côte à côte, et les affirmations du cours vérifiées : <a href="%{- page}">cookie ou session</a>.',
  },
  code: {
    title: 'Le code : le Flask du cours, le NestJS de cette application',
    flask: 'Flask, tel que le cours l’écrit',
    course: 'La liste du cours, dans ses propres mots',
    nest: 'NestJS, dans cette application :',
    line: 'ligne %{line}',
    differs: 'Ce qui change, et pourquoi :',
    result: 'Le résultat pour vous, maintenant',
  },
  steps: {
    label: 'Le cours, étape par étape',
    step: 'Étape %{number} sur %{total}',
    range: 'Étapes %{first} à %{last} sur %{total}',
    previous: 'Précédente :',
    next: 'Suivante :',
    all: 'Toutes les étapes',
  },
  differs: {
    openSession:
      'Le cours s’arrête au délai. Flask-Login a <code>fresh_login_required</code> pour cela ; ici c’est un décorateur sur l’action, <code>@RequiresFreshLogin()</code>, et son garde : passé l’âge, l’action répond par une page qui demande le mot de passe et la renvoie, les autres champs du formulaire gardés, la vérification limitée comme une connexion.',
    session:
      'Le cours écrit <code>app.secret</code> (le réglage de Flask est <code>secret_key</code>), et Flask garde les données dans le cookie signé lui-même. Ici le secret vient de <code>SESSION_SECRET</code> (plusieurs, pour la rotation), le cookie ne contient qu’un identifiant signé, et les données sont dans MongoDB (ou Redis), un enregistrement par session. <code>saveUninitialized: false</code> : un visiteur n’a de session que s’il y a quelque chose à garder.',
    storing:
      'Une ligne en Flask. Ici le formulaire passe par un DTO (clé et valeur vérifiées) jusqu’à <code>SessionDataService.set</code>, qui refuse les clés de l’application : un formulaire qui pourrait écrire <code>loggedin</code> permettrait à n’importe qui de se connecter. Le store n’écrit ensuite que la clé modifiée (<code>$set</code>), pas toute la session.',
    reading:
      'Le <code>session.get</code> de Flask rend <code>None</code> pour une clé absente, ou la valeur par défaut qu’on lui donne, comme ce formulaire. La session est ici un simple objet (<code>req.session</code>) : lire, c’est <code>session[key]</code> ; le service vérifie seulement que la clé peut être lue.',
    removing:
      "Le <code>session.pop('key')</code> du cours lève une <code>KeyError</code> si la clé est absente (il ne donne pas de valeur par défaut) ; ici une clé absente est un avertissement sur la page, pas une erreur.",
    counter:
      'Le même <code>count + 1</code>, écrit comme un incrément (<code>$inc</code> dans MongoDB, <code>HINCRBY</code> dans Redis), pour que deux onglets qui chargent la page en même temps comptent tous les deux. Le handler rend les données de la page et <code>@Render()</code> l’affiche, comme <code>render_template</code>.',
    login:
      'Le cours compare le formulaire à une adresse et un mot de passe fixes, met <code>loggedin</code> et redirige vers <code>userinfo</code>, même quand la vérification échoue. Ici le mot de passe est vérifié contre un hash argon2id, les tentatives sont limitées, un échec réaffiche le formulaire avec un message, et la session reçoit un nouvel identifiant avant que <code>loggedin</code> soit mis (<code>regenerate</code>) : un identifiant placé par quelqu’un avant la connexion ne vaut plus rien après (fixation de session).',
    protected:
      'Le cours vérifie <code>session.get("loggedin")</code> dans chaque vue protégée : un oubli, et la page est ouverte. Ici un seul guard, <code>AuthenticatedGuard</code>, passe avant chaque handler (<code>APP_GUARD</code>) : une page est protégée sauf si son handler ou son contrôleur dit <code>@Public()</code>, et <code>secret()</code> ne vérifie donc rien lui-même. Un visiteur non connecté est envoyé à la page de connexion avec la page dans <code>next</code>, et y revient après s’être connecté.',
    logout:
      'Les deux façons du cours sont ici deux boutons. Ce sont des formulaires POST avec un jeton CSRF : une déconnexion derrière un lien GET pourrait être déclenchée par l’image d’un autre site. Les deux donnent un nouvel identifiant à la session. <code>session.clear()</code> supprime l’enregistrement sur le serveur ; <code>session["loggedin"] = False</code> garde vos clés et retire aussi <code>user</code>.',
    templates:
      "Le <code>{% if session.get('loggedin') %}</code> de Jinja est le <code>{{#if session.loggedin}}</code> de Handlebars. Un template Handlebars ne voit pas la requête : <code>ViewLocalsInterceptor</code> donne à chaque page une <code>session</code> construite par <code>sessionView</code>, une copie pour l’affichage, et un template ne peut donc pas modifier la session.",
    timeout:
      'Une ligne en Flask, pour les sessions permanentes seulement. Ici deux limites, appliquées toutes deux par le store sur le serveur quoi que dise le cookie : l’inactivité (chaque requête repousse la fin) et la durée maximale (depuis la création de la session ; Flask n’en a pas). <code>session.permanent</code> décide seulement si le cookie survit au navigateur.',
    redirect:
      'Le <code>redirect()</code> de Flask répond 302 par défaut ; ici <code>@Redirect()</code> répond 303 (See Other), qui fait toujours faire un GET au navigateur, même après un POST. L’adresse vient de <code>url_for</code>, pas d’un chemin écrit à la main.',
    urlFor:
      "La même idée : une route porte le nom de son handler, et <code>urlFor</code> construit son chemin ; un nom inconnu ou une valeur manquante échoue bruyamment, comme la <code>BuildError</code> de Flask. Dans les templates, c’est le helper <code>{{url_for 'login'}}</code> : Handlebars appelle ses helpers sans parenthèses.",
    flash:
      'Flask garde le message dans sa session-cookie ; ici il attend dans la session côté serveur, dans <code>flashes</code>. Le message est un modèle en anglais avec ses valeurs à part (<code>{ key }</code>), pour que chaque page l’affiche dans la langue du visiteur ; une catégorie que le layout ne connaît pas est refusée.',
    getFlashedMessages:
      'Les templates de Flask appellent eux-mêmes <code>get_flashed_messages()</code> ; ici <code>ViewLocalsService.build</code> l’appelle pour chaque page avant son rendu, et le layout affiche les messages avec le partial <code>flashes</code>. Les lire les retire, comme dans Flask. Chaque message est un <code>&lt;p&gt;</code> avec un rôle (<code>status</code>, <code>alert</code> pour les erreurs) plutôt qu’un <code>&lt;li&gt;</code>, pour que les lecteurs d’écran l’annoncent.',
    cookieVsSession:
      'Le cours décrit des sessions côté serveur, pour lesquelles Flask a besoin d’une extension : sa session par défaut est un cookie signé qui contient les données. Ici le cookie ne contient que l’identifiant signé, avec les attributs de <code>cookieAttributesOf</code> ; l’enregistrement vit dans la base, organisé comme le montre <code>layout</code>. Le tableau plus bas vérifie chaque affirmation du cours dans cette application.',
  },
  outcome: {
    loginTitle: 'Ce que <code>POST /login</code> a fait à votre session :',
    newId:
      'un nouvel identifiant de session : l’enregistrement <code>%{before}…</code> a été supprimé, le vôtre est maintenant <code>%{after}…</code> (contre la fixation de session) ;',
    firstId:
      'une session a été créée pour la connexion : enregistrement <code>%{after}…</code> ;',
    idGone:
      'l’enregistrement <code>%{before}…</code> a été supprimé avec son identifiant ;',
    loggedin:
      '<code>loggedin</code> vaut maintenant <code>true</code>, et <code>user</code> contient votre compte ;',
    carried: 'vos autres clés ont suivi :',
    carriedNothing: 'il n’y avait pas d’autres clés à reprendre.',
    logoutKeepTitle:
      'Vous vous êtes déconnecté avec <code>session["loggedin"] = False</code> : la connexion est finie, vos données sont restées.',
    logoutClearTitle:
      'Vous vous êtes déconnecté avec <code>session.clear()</code> : toute la session est partie.',
    dropped: 'Retiré :',
    droppedNothing: 'Rien n’a été retiré.',
    loggedinFalse: '<code>loggedin</code> vaut maintenant <code>false</code>.',
    kept: 'Gardé :',
    keptNothing: 'Rien de vous n’est gardé.',
  },
  protected: {
    resultTitle: 'Ce qui vous a laissé entrer',
    letIn:
      '<code>AuthenticatedGuard</code> est passé avant <code>secret()</code> : le handler n’est pas <code>@Public()</code>, et votre session contient une connexion (<code>loggedin</code> et <code>user</code> : %{email}). Le guard a donc laissé passer la requête.',
    stranger:
      'Sans connexion, la même requête reçoit un 303 vers <code>%{url}</code> et le message « Connectez-vous pour voir cette page » ; après la connexion, <code>next</code> ramène le visiteur ici.',
  },
  login: {
    before:
      'Votre session maintenant : enregistrement <code>%{id}</code>, pas connectée (<code>session.get("loggedin")</code> n’est pas vrai).',
    beforeNothing:
      'Vous n’avez pas de session stockée en ce moment : rien à connecter encore. La connexion en crée une.',
    already:
      'Vous êtes connecté en tant que %{email} : votre session contient <code>loggedin = true</code>.',
    after:
      'Connectez-vous, et la page où vous arrivez dit ce qui a changé : un nouvel identifiant de session, et <code>loggedin</code> mis.',
  },
  logout: {
    codeTitle: 'Le code derrière les deux boutons',
    wouldKeep: 'Il garde vos clés :',
    nothingToKeep: 'Vous n’avez pas de clés à vous à garder.',
    wouldDrop: 'Il retire vos clés :',
    nothingToDrop: 'Vous n’avez pas de clés à vous : il retire la connexion.',
    landing:
      'Les deux boutons mènent à la page de connexion, qui dit quelle façon vous avez choisie et quelles clés ont été gardées ou retirées.',
  },
  claims: {
    where: {
      claim:
        'Les cookies sont stockés sur l’ordinateur de l’utilisateur, tandis que les sessions sont stockées sur le serveur.',
      fact: 'Vrai ici : le cookie ne contient que l’identifiant, les données sont dans MongoDB. À noter : la <code>session</code> par défaut de Flask est elle-même un cookie signé qui contient les données ; le stockage côté serveur demande une extension comme Flask-Session.',
    },
    encrypted: {
      claim:
        'Les cookies sont stockés en texte brut, tandis que les sessions sont stockées de manière sécurisée (encryptés).',
      fact: 'Rien n’est chiffré ici : le cookie est <em>signé</em> (toute modification se voit, mais il reste lisible) et le document de session est stocké en clair, comme le montre le panneau. Ce qui protège les données, c’est qu’elles ne quittent jamais le serveur.',
    },
    size: {
      claim:
        'Les cookies ont une taille limitée, tandis que les sessions peuvent stocker plus de données.',
      fact: 'Vrai : les navigateurs gardent environ 4 Ko par cookie, et ce cookie fait %{cookie} octets ; un document MongoDB peut atteindre 16 Mo, et le vôtre fait %{document} octets. Chaque octet du cookie part avec chaque requête ; les données de session, non.',
    },
    modified: {
      claim:
        'Les cookies peuvent être modifiés par l’utilisateur, tandis que les sessions ne peuvent pas être modifiées.',
      fact: 'L’utilisateur peut changer n’importe quel cookie ; un cookie de session modifié échoue à la vérification de sa signature et est ignoré. Les données de session ne changent que par les pages de l’application.',
    },
    shared: {
      claim:
        'Les cookies sont partagés entre les utilisateurs, tandis que les sessions sont propres à chaque utilisateur.',
      fact: 'Un cookie n’est pas partagé entre utilisateurs : chaque navigateur garde ses propres cookies, et ce cookie désigne une seule session. Une session est propre à un navigateur plutôt qu’à une personne : la même personne dans deux navigateurs a deux sessions.',
    },
    browserClose: {
      claim: 'Si vous fermez le browser, la session sera détruite.',
      fact: 'Fermer le navigateur efface le cookie (s’il n’a pas de date d’expiration) : le navigateur perd le moyen de retrouver sa session. Le document sur le serveur reste jusqu’à son expiration (%{minutes} minutes après la dernière utilisation ici), puis il est supprimé.',
    },
    memory: {
      claim:
        'Les données de session sont stockées en mémoire par défaut et perdues au redémarrage.',
      fact: 'Ici elles sont dans MongoDB, ou dans Redis avec la persistance activée, et survivent aux redémarrages de l’application et de la base. (Par défaut, Flask les garde dans le cookie ; le MemoryStore par défaut d’express-session est réservé au développement.)',
    },
  },
};
