"""Phrase tables for text_extract: site furniture and date words in EN/FR/DE/ES.

Kept apart from the extraction logic so languages and phrases can be added without touching
the algorithm. Everything is lower-case with straight apostrophes (see text_extract._norm).
"""

from __future__ import annotations


def phrases(table: str) -> frozenset[str]:
    """Phrase tables are comma-separated text so they stay compact and easy to extend."""
    return frozenset(" ".join(p.split()) for p in table.split(",") if p.strip())


# Furniture labels that make up a whole line (compared after _norm(); counts stripped).
HARD_LABELS = phrases("""
author, authors, about, comments, comment, reply, share, print, email, e-mail, facebook,
twitter, x, whatsapp, linkedin, telegram, reddit, pinterest, instagram, youtube, dark, light,
menu, search, home, login, log in, sign in, sign up, subscribe, register, newsletter,
newsletters, related, trending, popular, recommended, tags, topics, categories, accept,
contact, imprint, share this article, share this story, share this post, copy link,
related articles, related stories, related posts, related news, most read, most popular,
don't miss, dont miss, you may also like, recommended for you, more stories, more news,
read next, up next, top stories, latest news, skip to content, back to top, accept all,
reject all, cookie settings, manage cookies, privacy policy, cookie policy, terms of use,
terms of service, leave a reply, leave a comment, post a comment, follow us, my account,
autor, autorin, teilen, drucken, suche, anmelden, abonnieren, meistgelesen, kommentare,
kommentar, impressum, datenschutz, themen, mehr zum thema, meistgelesene artikel,
auch interessant, alle akzeptieren, nach oben, weitere artikel, link kopieren, mein konto,
das könnte sie auch interessieren,
auteur, partager, imprimer, rechercher, connexion, se connecter, s'abonner, commentaires,
commentaire, sur le même sujet, les plus lus, à voir aussi, mentions légales, tout accepter,
tout refuser, retour en haut, dans la même rubrique, en savoir plus, copier le lien,
mon compte, politique de confidentialité,
compartir, imprimir, buscar, suscríbete, suscribirse, iniciar sesión, relacionados,
comentarios, aceptar, aceptar todo, rechazar, te puede interesar, también te puede interesar,
noticias relacionadas, lo más leído, más leídas, más leído, aviso legal, volver arriba,
copiar enlace, mi cuenta, política de privacidad, política de cookies, most viewed, most shared,
explore more, les plus partagés, más vistas, meistgelesen, meistkommentiert
""")

# Distinctive openings that mark a (short) line as furniture.
HARD_PREFIXES = tuple(
    sorted(
        phrases("""
share this, share on, share article, follow us, subscribe to, sign up for, sign up to,
leave a reply, leave a comment, post a comment, join the conversation, you may also like,
more from, don't miss, most read, filed under, posted in, tags:, topics:, copyright, ©,
(c) 20, accept all, reject all, reporting by, additional reporting, editing by, writing by,
teilen sie, folgen sie uns, mehr zum thema, lesen sie mehr, das könnte sie, themen:,
schlagworte, diesen artikel, artikel teilen,
partager sur, partager cet, partager l'article, suivez-nous, abonnez-vous, inscrivez-vous,
sur le même sujet, mots-clés,
compartir en, compartir esta, compartir este, síguenos, suscríbete, regístrate,
te puede interesar, también te puede, etiquetas:, temas:, explore more, most viewed
""")
    )
)

# Phrases so specific to furniture that they mark a line of any length.
HARD_CONTAINS = tuple(
    sorted(
        phrases("""
all rights reserved, tous droits réservés, alle rechte vorbehalten,
todos los derechos reservados, we use cookies, uses cookies, use of cookies,
wir verwenden cookies, verwendet cookies, nutzt cookies, utilise des cookies,
utilisons des cookies, utilizamos cookies, utiliza cookies, usamos cookies,
your email address will not be published, required fields are marked,
subscribe to our newsletter, sign up for our newsletter, sign up to our newsletter,
skip to content, skip to main content, zum inhalt springen, aller au contenu,
ir al contenido, votre adresse e-mail ne sera pas publiée,
votre adresse courriel ne sera pas publiée, ihre e-mail-adresse wird nicht veröffentlicht,
tu dirección de correo electrónico no será publicada, abonnez-vous à notre newsletter,
inscrivez-vous à notre newsletter, abonnieren sie unseren newsletter, newsletter abonnieren,
suscríbete a nuestro boletín, suscríbete a nuestra newsletter, copyright ©
""")
    )
)

# Lines that may interrupt the body (ads, "continue below") and are never output.
SOFT_LABELS = phrases("""
advertisement, advert, ad, ads, sponsored, sponsored content, anzeige, werbung, publicité,
publicite, publicidad, continue reading below, story continues below advertisement,
article continues below advertisement, scroll to continue, la suite après cette publicité,
weiter nach der anzeige, sigue leyendo, continúa leyendo
""")

READ_ALSO = (
    r"read more|read also|also read|see also|related|more on this|lire aussi|à lire aussi|"
    r"a lire aussi|lire également|voir aussi|lesen sie auch|lesen sie mehr|mehr zum thema|"
    r"auch interessant|lee también|lea también|leer más|ver también|te puede interesar|"
    r"relacionado|relacionada"
)

# Month names and abbreviations in English, French, German and Spanish, one month per ";".
MONTH_TABLE = """january jan janvier janv januar jänner jaenner enero ene;
february feb février fevrier févr fevr februar febrero; march mar mars märz maerz marzo;
april apr avril avr abril abr; may mai mayo; june jun juin juni junio;
july jul juillet juil juli julio; august aug août aout agosto ago;
september sep sept septembre septiembre setiembre; october oct octobre oktober okt octubre;
november nov novembre noviembre; december dec décembre decembre déc dezember dez diciembre dic"""
MONTHS = {n: i for i, names in enumerate(MONTH_TABLE.split(";"), 1) for n in names.split()}

# Words that may accompany a date on a dateline without making it prose.
WEEKDAYS = phrases("""
monday, tuesday, wednesday, thursday, friday, saturday, sunday, mon, tue, wed, thu, fri, sat,
sun, lundi, mardi, mercredi, jeudi, vendredi, samedi, dimanche, montag, dienstag, mittwoch,
donnerstag, freitag, samstag, sonntag, lunes, martes, miércoles, jueves, viernes, sábado,
domingo
""")
DATE_WORDS = WEEKDAYS | phrases("""
published, posted, updated, last, modified, on, at, the, le, la, à, a, las, el, um, uhr, am,
publié, publiée, mis, jour, modifié, publicado, actualizado, veröffentlicht, aktualisiert,
stand, de, del, h, min, utc, gmt, cet, cest, est, edt, pst, pdt, bst, and, und, et, y, time,
date, datum, fecha, ago, read, reading
""")

# Headings that open a comment section: prose below them is readers' text, not the article.
COMMENT_MARKERS = phrases("""
comments, comment, leave a reply, leave a comment, post a comment, join the conversation,
reader comments, kommentare, kommentar, commentaires, commentaire, réagir, comentarios,
deja un comentario, laisser un commentaire, schreiben sie einen kommentar
""")
