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
      'Le cours lit <code>session</code> dans un template Jinja. Ici chaque page reçoit <code>session</code> d’un intercepteur de vues, et Handlebars la lit.',
    jinja:
      '{% if session.get(\'loggedin\') %}\n  <a href="/logout">Logout</a>\n{% else %}\n  <a href="/login">Login</a>\n{% endif %}',
    here: 'Ici (Handlebars)',
    hbs: '{{#if session.loggedin}}\n  <a href="{{url_for \'logout\'}}">Se déconnecter</a>\n{{else}}\n  <a href="{{url_for \'login\'}}">Se connecter</a>\n{{/if}}',
    result: 'Le résultat pour vous, maintenant',
    values:
      'Vos propres clés, listées par <code>{{#each session.keys}}</code> :',
    noValues: 'Vous n’avez encore stocké aucune clé (essayez la page Session).',
    how: 'Handlebars n’a pas de <code>{% %}</code> : les blocs s’écrivent <code>{{#if}}…{{/if}}</code>, et <code>{{ }}</code> échappe les valeurs comme Jinja.',
  },
  timeout: {
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
      'Le serveur la termine le %{at}, sauf si une requête arrive avant : chaque requête lui redonne %{seconds} secondes, comme le <code>permanent_session_lifetime</code> de Flask. Le compte à rebours n’est qu’un script de cette page ; c’est le serveur qui décide.',
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
      'Le cours demande ce qui se passe si <code>/login</code> devient <code>/signin</code> : un <code>redirect("/login")</code> écrit en dur casse ; <code>url_for</code> (page suivante) suit le changement.',
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
    code: '{{#each flashes}}\n  <li class="flash flash-{{category}}">{{message}}</li>\n{{/each}}',
    consumed:
      'Regardez le panneau ci-dessous : après cette page, <code>flashes</code> a disparu de votre session stockée. Rechargez la page : le message ne revient pas.',
    again: 'Envoyer un autre message',
  },
  cookieVsSession: {
    title: 'Différence entre cookie et session',
    whatTitle: 'Ce qu’est une session',
    what: 'Une session garde sur le serveur des données sur un visiteur, d’une requête à l’autre. Le navigateur ne garde qu’un cookie avec l’identifiant de la session ; le serveur retrouve les données grâce à cet identifiant. Un autre navigateur a un autre cookie, donc une autre session ; les onglets d’un même navigateur la partagent.',
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
