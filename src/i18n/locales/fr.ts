import {
  MAX_PASSWORD_LENGTH,
  MAX_NEXT_LENGTH,
} from '../../auth/dto/login.dto.js';
import { MIN_PASSWORD_LENGTH } from '../../auth/dto/register.dto.js';
import { FLASH_DEMO_ROWS } from '../../course/dto/flash-demo.dto.js';
import { MAX_VALUE_LENGTH } from '../../dictionary/dto/session-key.dto.js';
import { MAX_EMAIL_LENGTH } from '../../users/schemas/user.schema.js';
import type { en } from './en.js';

/** French texts of the views: the same keys as the English catalogue (checked by the type). */
export const fr: typeof en = {
  layout: {
    skip: 'Aller au contenu',
    footer:
      'nest-sessions : des sessions côté serveur avec NestJS, express-session et MongoDB.',
    language: 'Langue :',
    languageNav: 'Langue',
  },
  nav: {
    label: 'Principal',
    home: 'Accueil',
    session: 'Session',
    secret: 'Page secrète',
    cookieVsSession: 'Cookie ou session',
    account: 'Compte',
    logout: 'Se déconnecter',
    login: 'Se connecter',
    register: 'Créer un compte',
    sessions: 'Sessions',
    password: 'Mot de passe',
  },
  flashCategory: {
    message: 'message',
    info: 'info',
    success: 'succès',
    warning: 'attention',
    error: 'erreur',
  },
  form: { notAccepted: 'Le formulaire n’a pas été accepté' },
  auth: {
    loginTitle: 'Se connecter',
    email: 'Email',
    password: 'Mot de passe',
    remember: 'Rester connecté',
    loginButton: 'Se connecter',
    demoAccount: 'Essayez avec le compte de démonstration :',
    noAccount: 'Pas encore de compte ?',
    registerLink: 'Créer un compte',
    registerTitle: 'Créer un compte',
    passwordHint: '(8 à 128 caractères)',
    passwordAgain: 'Mot de passe, à nouveau',
    registerButton: 'Créer mon compte',
    alreadyRegistered: 'Déjà inscrit ?',
    loginLink: 'Se connecter',
    logoutTitle: 'Se déconnecter',
    loggedInAs: 'Vous êtes connecté en tant que',
    notLoggedIn: 'Vous n’êtes pas connecté.',
    logoutAllTitle: 'Terminer toute la session',
    logoutAll:
      'Le <code>session.clear()</code> du cours : la session est supprimée sur le serveur, avec votre compteur et vos clés.',
    logoutAllButton: 'Me déconnecter et vider ma session',
    logoutKeepTitle: 'Terminer seulement la connexion',
    logoutKeep:
      'Le <code>session["loggedin"] = False</code> du cours : vous êtes déconnecté, votre compteur et vos clés restent.',
    logoutKeepButton: 'Me déconnecter, garder mes données',
  },
  account: {
    secretTitle: 'Secret',
    secretText: 'Ceci est une page secrète',
    secretWhy:
      'Seuls les visiteurs dont la session contient une connexion peuvent la voir.',
    userinfoTitle: 'Votre compte',
    email: 'E-mail',
    loggedInAt: 'Connecté le',
    sessionExpires: 'La session expire',
    ifIdle: 'en cas d’inactivité',
    keptAfterClose: 'Conservée après la fermeture du navigateur',
    yes: 'oui',
    no: 'non',
    logout: 'Se déconnecter',
    sessionsTitle: 'Vos sessions',
    sessionsIntro:
      'Chaque navigateur où vous êtes connecté. Terminez celles que vous ne reconnaissez pas, et changez votre mot de passe.',
    sessionsCaption: 'Sessions actives, la plus récemment utilisée en premier',
    colSession: 'Session',
    colBrowser: 'Navigateur',
    colSystem: 'Système',
    colAddress: 'Adresse',
    colStarted: 'Ouverte le',
    colLastSeen: 'Dernière activité',
    thisBrowser: '(ce navigateur)',
    end: 'Terminer',
    endOthers: 'Terminer toutes les autres sessions',
    changePasswordLink: 'Changer votre mot de passe',
    passwordTitle: 'Changer votre mot de passe',
    passwordIntro:
      'Vos autres sessions se terminent quand le mot de passe change ; celle-ci reste connectée.',
    currentPassword: 'Mot de passe actuel',
    newPassword: 'Nouveau mot de passe',
    passwordHint: '(8 à 128 caractères)',
    newPasswordAgain: 'Nouveau mot de passe, encore',
    changeButton: 'Changer mon mot de passe',
  },
  errors: { back: 'Retour à l’accueil' },
  sessionPage: {
    title: 'La session comme dictionnaire',
    holds: 'Ce que contient votre session',
    caption: 'Vos clés et leurs valeurs',
    key: 'Clé',
    value: 'Valeur',
    empty: 'Votre session ne contient aucune clé à vous.',
    loggedIn: 'Connecté',
    yes: 'oui',
    no: 'non',
    permanent: 'Session permanente',
    permanentYes: 'oui (gardée après la fermeture du navigateur)',
    permanentNo: 'non (se termine à la fermeture du navigateur)',
    expires: 'Expire le',
    ifIdle: 'si vous restez inactif',
    notStored: 'aucune session stockée pour l’instant',
    set: 'Définir une clé :',
    setButton: 'Définir',
    pop: 'Retirer une clé :',
    popButton: 'Retirer',
    clear: 'Tout retirer :',
    clearButton: 'Vider la session',
    idleLeft: 'Se termine après une inactivité de',
    absoluteLeft: 'Se termine au plus tard dans',
    appKeysCaption:
      'Les clés que garde l’application : affichées, jamais modifiées par ces formulaires',
    setBy: 'Définie par',
    setBy_login:
      'la connexion ; en lecture seule ici : un formulaire qui pourrait écrire <code>loggedin</code> permettrait à n’importe qui de se connecter',
    setBy_language: 'le choix de langue en bas de chaque page',
    appKeysNote:
      'En plus de vos clés, la session peut contenir <code>loggedin</code> et <code>user</code> (la connexion) et <code>lang</code> (le choix de langue) : elles sont alors listées à part, en lecture seule, car seule l’application peut les définir. Elle contient aussi <code>cookie</code> (les réglages du cookie d’express-session) et, jusqu’à ce qu’une page les affiche, <code>flashes</code>. Le panneau en bas montre toute la session stockée.',
    get: 'Lire une clé :',
    getIntro:
      "Le <code>session.get('colour', 'none')</code> du cours : la valeur de <code>colour</code>, ou <code>'none'</code> quand la session ne la contient pas. Lisez-la, définissez <code>colour</code> plus bas, relisez-la. <code>loggedin</code>, <code>user</code> et <code>lang</code> se lisent aussi.",
    default: 'Valeur par défaut',
    getButton: 'Lire',
    answerFound: '(trouvée dans votre session)',
    answerDefault: '(absente de votre session : la valeur par défaut)',
  },
  home: {
    counterExplained:
      'Chaque visite de cette page ajoute un à <code>session["count"]</code>, stocké sur le serveur dans MongoDB. Votre navigateur ne garde que l’identifiant de session signé.',
    count: 'Compteur :',
    reset: 'Remettre le compteur à zéro',
    courseTitle: 'Le cours sur les sessions Flask, en direct',
    intro:
      'Cette application montre chaque notion du cours sur les sessions Flask, dans l’ordre du cours, réalisée avec NestJS. Chaque lien ouvre la page où elle fonctionne, avec ce que le serveur a stocké pour vous.',
    table:
      'Comment chaque ligne de Flask s’écrit ici : la section « From Flask to NestJS » du <code>README.md</code> du dépôt.',
  },
  concepts: {
    session: 'Ce qu’est une session',
    storing: 'Stocker des données : session[key] = value',
    reading: 'Lire des données : session.get(key, default)',
    removing: 'Supprimer des données : session.pop(key)',
    counter: 'L’exemple du compteur',
    login: 'Login',
    protected: 'Une page protégée',
    logout: 'Logout, des deux façons',
    templates: 'La session dans les templates',
    timeout: 'Le timeout de session',
    redirect: 'redirect()',
    urlFor: 'url_for()',
    flash: 'flash()',
    getFlashedMessages: 'get_flashed_messages()',
    cookieVsSession: 'Différence entre cookie et session',
  },
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
      'Appuyez sur le bouton : le serveur donne à votre session une échéance dans %{seconds} secondes, pour votre session seulement. Attendez la fin du compte à rebours, puis revenez sur cette page, ou une autre.',
    demoButton: 'Faire expirer ma session dans %{seconds} secondes',
    demoUnavailable:
      'Le délai d’inactivité (%{minutes} minutes) est déjà de %{seconds} secondes ou moins : restez inactif aussi longtemps et votre session se termine d’elle-même.',
    countdown:
      'Votre session se termine dans <strong data-countdown-seconds>%{seconds}</strong> s.',
    countdownDone: 'C’est l’heure : le serveur a terminé votre session.',
    comeBack: 'Revenir sur cette page',
    countdownExplained:
      'Le serveur la termine le %{at}, quoi que vous fassiez d’ici là : contrairement au délai d’inactivité, une échéance ne recule pas avec l’activité. Le compte à rebours n’est qu’un script de cette page ; c’est le serveur qui décide.',
    holds: 'Votre session contient maintenant :',
    holdsNothing:
      'Votre session ne contient plus rien : aucune donnée à vous n’est stockée.',
    deadline:
      'Comment : <code>SessionService.setDeadline(session, now + 20_000)</code>. Le store termine une session au plus tôt de son échéance, du délai d’inactivité et de la durée de vie maximale : une échéance ne peut que la raccourcir, et les autres visiteurs gardent leurs délais. Elle ne peut être fixée qu’en deçà du délai d’inactivité.',
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

/**
 * Messages (flash, validation, errors), keyed by their English template
 * (src/i18n/messages.ts and the DTOs' validation messages); `%{…}` values are
 * put in after translation. src/i18n/messages.spec.ts checks that every
 * message has its entry here, with the same placeholders.
 */
export const frMessages: Record<string, string> = {
  // Flash messages
  'Counter reset': 'Compteur remis à zéro',
  'Stored session["%{key}"]': 'session["%{key}"] est enregistré',
  'Removed session["%{key}"] (it was "%{value}")':
    'session["%{key}"] est retiré (il valait "%{value}")',
  'Removed session["%{key}"] (it began "%{value}…", %{count} characters)_one':
    'session["%{key}"] est retiré (il commençait par "%{value}…", %{count} caractère)',
  'Removed session["%{key}"] (it began "%{value}…", %{count} characters)_many':
    'session["%{key}"] est retiré (il commençait par "%{value}…", %{count} caractères)',
  'Removed session["%{key}"] (it began "%{value}…", %{count} characters)_other':
    'session["%{key}"] est retiré (il commençait par "%{value}…", %{count} caractères)',
  '%{count} older messages were not kept_one':
    '%{count} message plus ancien n’a pas été gardé',
  '%{count} older messages were not kept_many':
    '%{count} messages plus anciens n’ont pas été gardés',
  '%{count} older messages were not kept_other':
    '%{count} messages plus anciens n’ont pas été gardés',
  'There was no key "%{key}" in the session':
    'La session n’avait pas de clé "%{key}"',
  'The session was cleared': 'La session a été vidée',
  'You are logged in': 'Vous êtes connecté',
  'You are logged out': 'Vous êtes déconnecté',
  'Registration done: log in with this email and your password. If the address already had an account, its password has not changed.':
    'Inscription faite : connectez-vous avec cet email et votre mot de passe. Si l’adresse avait déjà un compte, son mot de passe n’a pas changé.',
  'The current password was wrong too many times, so you were logged out.':
    'Le mot de passe actuel était faux trop de fois : vous avez été déconnecté.',
  'Your session has expired': 'Votre session a expiré',
  'Please log in to see this page': 'Connectez-vous pour voir cette page',
  'This message waited in your session':
    'Ce message attendait dans votre session',
  'Ended %{count} other sessions_one': '%{count} autre session terminée',
  'Ended %{count} other sessions_many': '%{count} autres sessions terminées',
  'Ended %{count} other sessions_other': '%{count} autres sessions terminées',
  'The session was ended': 'La session a été terminée',
  'Your password was changed; your other sessions were ended':
    'Votre mot de passe a été changé ; vos autres sessions ont été terminées',
  // The course pages: flash() categories, the timeout demo
  'Message %{position} of %{total}, flashed with the category "%{category}"':
    'Message %{position} sur %{total}, envoyé avec la catégorie "%{category}"',
  'Your session now ends in %{seconds} seconds, whatever you do':
    'Votre session se termine maintenant dans %{seconds} secondes, quoi que vous fassiez',
  'The idle timeout is %{seconds} seconds or shorter: stay idle that long and your session ends by itself':
    'Le délai d’inactivité est de %{seconds} secondes ou moins : restez inactif aussi longtemps et votre session se termine d’elle-même',
  'Your session is now permanent: its cookie is kept when the browser closes':
    'Votre session est maintenant permanente : son cookie est gardé à la fermeture du navigateur',
  'Your session is no longer permanent: its cookie ends when the browser closes':
    'Votre session n’est plus permanente : son cookie disparaît à la fermeture du navigateur',
  'Give a route name (at most %{name} characters) and values (at most %{values} characters)':
    'Donnez un nom de route (au plus %{name} caractères) et des valeurs (au plus %{values} caractères)',
  'Write each value as name=value, separated by commas: "%{part}" is not one':
    'Écrivez chaque valeur sous la forme nom=valeur, séparées par des virgules : "%{part}" n’en est pas une',
  // Durations (the session page)
  '%{days} d %{hours} h': '%{days} j %{hours} h',
  '%{days} d': '%{days} j',
  '%{hours} h %{minutes} min': '%{hours} h %{minutes} min',
  '%{hours} h': '%{hours} h',
  '%{minutes} min': '%{minutes} min',
  '%{seconds} s': '%{seconds} s',
  // Refused forms
  'Invalid email or password': 'Email ou mot de passe incorrect',
  'Too many failed login attempts. Try again after %{time} (in %{count} seconds)._one':
    'Trop de tentatives de connexion échouées. Réessayez après %{time} (dans %{count} seconde).',
  'Too many failed login attempts. Try again after %{time} (in %{count} seconds)._many':
    'Trop de tentatives de connexion échouées. Réessayez après %{time} (dans %{count} secondes).',
  'Too many failed login attempts. Try again after %{time} (in %{count} seconds)._other':
    'Trop de tentatives de connexion échouées. Réessayez après %{time} (dans %{count} secondes).',
  'Too many failed login attempts. Try again after %{time} (in about %{count} minutes)._one':
    'Trop de tentatives de connexion échouées. Réessayez après %{time} (dans %{count} minute environ).',
  'Too many failed login attempts. Try again after %{time} (in about %{count} minutes)._many':
    'Trop de tentatives de connexion échouées. Réessayez après %{time} (dans %{count} minutes environ).',
  'Too many failed login attempts. Try again after %{time} (in about %{count} minutes)._other':
    'Trop de tentatives de connexion échouées. Réessayez après %{time} (dans %{count} minutes environ).',
  'Too many registrations from your address. Try again after %{time} (in %{count} seconds)._one':
    'Trop d’inscriptions depuis votre adresse. Réessayez après %{time} (dans %{count} seconde).',
  'Too many registrations from your address. Try again after %{time} (in %{count} seconds)._many':
    'Trop d’inscriptions depuis votre adresse. Réessayez après %{time} (dans %{count} secondes).',
  'Too many registrations from your address. Try again after %{time} (in %{count} seconds)._other':
    'Trop d’inscriptions depuis votre adresse. Réessayez après %{time} (dans %{count} secondes).',
  'Too many registrations from your address. Try again after %{time} (in about %{count} minutes)._one':
    'Trop d’inscriptions depuis votre adresse. Réessayez après %{time} (dans %{count} minute environ).',
  'Too many registrations from your address. Try again after %{time} (in about %{count} minutes)._many':
    'Trop d’inscriptions depuis votre adresse. Réessayez après %{time} (dans %{count} minutes environ).',
  'Too many registrations from your address. Try again after %{time} (in about %{count} minutes)._other':
    'Trop d’inscriptions depuis votre adresse. Réessayez après %{time} (dans %{count} minutes environ).',
  'the current password is wrong': 'le mot de passe actuel est incorrect',
  'the new password must be different from the current one':
    'le nouveau mot de passe doit être différent de l’actuel',
  'password is too easy to guess (a common password, a word, a name or a pattern); a few unrelated words make a strong one':
    'le mot de passe est trop facile à deviner (un mot de passe courant, un mot, un nom ou un motif) ; quelques mots sans rapport entre eux en font un solide',
  'password must not be made from your email address':
    'le mot de passe ne doit pas être fait de votre adresse email',
  'key "%{value}" is reserved for the app itself':
    'la clé "%{value}" est réservée à l’application',
  'a session holds at most %{max} keys; pop one before adding "%{key}"':
    'une session contient au plus %{max} clés ; retirez-en une avant d’ajouter "%{key}"',
  'property %{property} should not exist':
    'le champ %{property} n’est pas attendu',
  // Validation messages of the DTOs
  'email is required': 'l’email est obligatoire',
  'email must be text': 'l’email doit être du texte',
  'email must be a valid email address':
    'l’email doit être une adresse email valide',
  'email must be plain letters, digits and . _ - + before the @, and each part of the domain in one script':
    'l’email doit être fait de lettres simples, de chiffres et de . _ - + avant le @, et chaque partie du domaine d’une seule écriture',
  [`email must be at most ${MAX_EMAIL_LENGTH} characters`]: `l’email doit faire au plus ${MAX_EMAIL_LENGTH} caractères`,
  'password is required': 'le mot de passe est obligatoire',
  'password must be text': 'le mot de passe doit être du texte',
  [`password must be at least ${MIN_PASSWORD_LENGTH} characters`]: `le mot de passe doit faire au moins ${MIN_PASSWORD_LENGTH} caractères`,
  [`password must be at most ${MAX_PASSWORD_LENGTH} characters`]: `le mot de passe doit faire au plus ${MAX_PASSWORD_LENGTH} caractères`,
  'confirm must be text': 'la confirmation doit être du texte',
  'the two passwords must be the same':
    'les deux mots de passe doivent être identiques',
  'remember must be a checkbox value':
    '« rester connecté » doit être une valeur de case à cocher',
  'next must be text': 'l’adresse de retour doit être du texte',
  [`next must be at most ${MAX_NEXT_LENGTH} characters`]: `l’adresse de retour doit faire au plus ${MAX_NEXT_LENGTH} caractères`,
  'keep must be 1 or 0': 'keep doit valoir 1 ou 0',
  'current password must be text': 'le mot de passe actuel doit être du texte',
  'current password is required': 'le mot de passe actuel est obligatoire',
  [`current password must be at most ${MAX_PASSWORD_LENGTH} characters`]: `le mot de passe actuel doit faire au plus ${MAX_PASSWORD_LENGTH} caractères`,
  'new password must be text': 'le nouveau mot de passe doit être du texte',
  [`new password must be at least ${MIN_PASSWORD_LENGTH} characters`]: `le nouveau mot de passe doit faire au moins ${MIN_PASSWORD_LENGTH} caractères`,
  [`new password must be at most ${MAX_PASSWORD_LENGTH} characters`]: `le nouveau mot de passe doit faire au plus ${MAX_PASSWORD_LENGTH} caractères`,
  'confirmation must be text': 'la confirmation doit être du texte',
  'the two new passwords must be the same':
    'les deux nouveaux mots de passe doivent être identiques',
  'key must be text': 'la clé doit être du texte',
  'key must start with a letter and hold only letters, digits and underscores (64 characters at most)':
    'la clé doit commencer par une lettre et ne contenir que des lettres, des chiffres et des soulignés (64 caractères au plus)',
  'value must be text': 'la valeur doit être du texte',
  [`value must be at most ${MAX_VALUE_LENGTH} characters`]: `la valeur doit faire au plus ${MAX_VALUE_LENGTH} caractères`,
  'Choose English or French': 'Choisissez l’anglais ou le français',
  'category must be a list of categories':
    'category doit être une liste de catégories',
  [`at most ${FLASH_DEMO_ROWS} messages at once`]: `au plus ${FLASH_DEMO_ROWS} messages à la fois`,
  'each category must be success, info, warning, error or none':
    'chaque catégorie doit être success, info, warning, error ou none',
  'permanent must be 1 or 0': 'permanent doit valoir 1 ou 0',
  'the default must be text': 'la valeur par défaut doit être du texte',
  [`the default must be at most ${MAX_VALUE_LENGTH} characters`]: `la valeur par défaut doit faire au plus ${MAX_VALUE_LENGTH} caractères`,
  // Error pages: titles
  'Bad request': 'Requête incorrecte',
  'Not logged in': 'Non connecté',
  Forbidden: 'Interdit',
  'Page not found': 'Page introuvable',
  'Already exists': 'Existe déjà',
  'Too large': 'Trop volumineux',
  'Unsupported content type': 'Type de contenu non pris en charge',
  'Too many attempts': 'Trop de tentatives',
  'Something went wrong': 'Une erreur est survenue',
  'Temporarily unavailable': 'Temporairement indisponible',
  // Error pages: texts
  'There is no page at %{path}': 'Il n’y a pas de page à l’adresse %{path}',
  'No such session': 'Cette session n’existe pas',
  'Too many new sessions from your address. Try again in %{count} seconds._one':
    'Trop de nouvelles sessions depuis votre adresse. Réessayez dans %{count} seconde.',
  'Too many new sessions from your address. Try again in %{count} seconds._many':
    'Trop de nouvelles sessions depuis votre adresse. Réessayez dans %{count} secondes.',
  'Too many new sessions from your address. Try again in %{count} seconds._other':
    'Trop de nouvelles sessions depuis votre adresse. Réessayez dans %{count} secondes.',
  'This form has expired or did not come from this site, so nothing was changed. Reload the page and try again.':
    'Ce formulaire a expiré ou ne vient pas de ce site : rien n’a été modifié. Rechargez la page et réessayez.',
  'Your session could not be saved, so nothing was changed. Please try again in a moment.':
    'Votre session n’a pas pu être enregistrée : rien n’a été modifié. Réessayez dans un instant.',
  'Your session would grow too large, so this change was not kept. Remove some of its keys, then try again.':
    'Votre session deviendrait trop volumineuse : cette modification n’a pas été gardée. Retirez-en des clés, puis réessayez.',
  'The service is temporarily unavailable. Please try again in a moment.':
    'Le service est temporairement indisponible. Réessayez dans un instant.',
  'Something went wrong on our side. Please try again.':
    'Une erreur est survenue de notre côté. Veuillez réessayer.',
  'Something went wrong on our side: %{error} (details in the server log)':
    'Une erreur est survenue de notre côté : %{error} (détails dans le journal du serveur)',
  'Unsupported content type "%{type}": send %{accepted}.':
    'Type de contenu "%{type}" non pris en charge : envoyez %{accepted}.',
  'The JSON body is nested more than %{max} levels deep.':
    'Le corps JSON est imbriqué sur plus de %{max} niveaux.',
  'The request body uses a reserved field name (__proto__, constructor or prototype).':
    'Le corps de la requête utilise un nom de champ réservé (__proto__, constructor ou prototype).',
  'The request body is too large.':
    'Le corps de la requête est trop volumineux.',
  'The form has too many fields.': 'Le formulaire a trop de champs.',
  'The request body is not valid JSON.':
    'Le corps de la requête n’est pas du JSON valide.',
  'The request body has an unsupported encoding.':
    'Le corps de la requête a un encodage non pris en charge.',
  'The request body has an unsupported charset.':
    'Le corps de la requête a un jeu de caractères non pris en charge.',
  'The request was aborted.': 'La requête a été interrompue.',
  'Bad request.': 'Requête incorrecte.',
};
