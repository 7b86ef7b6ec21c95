import {
  MAX_NEXT_LENGTH,
  MAX_PASSWORD_LENGTH,
} from '../../../auth/dto/login.dto.js';
import { MIN_PASSWORD_LENGTH } from '../../../auth/dto/register.dto.js';
import { FLASH_DEMO_ROWS } from '../../../course/dto/flash-demo.dto.js';
import { MAX_VALUE_LENGTH } from '../../../dictionary/dto/session-key.dto.js';
import { MAX_EMAIL_LENGTH } from '../../../users/schemas/user.schema.js';

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
  'Confirm your password to continue: this action needs a recent password check.':
    'Confirmez votre mot de passe pour continuer : cette action demande une vérification récente du mot de passe.',
  'The password is wrong, so nothing was done. Try again.':
    'Le mot de passe est faux : rien n’a été fait. Réessayez.',
  'An account keeps at most %{max} sessions: your %{count} least recently used ended_one':
    'Un compte garde au plus %{max} sessions : %{count} session, la moins récemment utilisée, a pris fin',
  'An account keeps at most %{max} sessions: your %{count} least recently used ended_many':
    'Un compte garde au plus %{max} sessions : vos %{count} sessions les moins récemment utilisées ont pris fin',
  'An account keeps at most %{max} sessions: your %{count} least recently used ended_other':
    'Un compte garde au plus %{max} sessions : vos %{count} sessions les moins récemment utilisées ont pris fin',
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
  'Your session now ends after %{seconds} seconds without a request':
    'Votre session se termine maintenant après %{seconds} secondes sans requête',
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
