"""How visitors phrase contact details in French, Dutch and English: the words around them.

Three things, read from the text alone:

* phrases that announce a detail ("my email is", "here's my number:", "mon numéro c'est",
  "mijn e-mail:"): they are never a name, and are removed before a message is read as one;
* phrases that introduce a name ("my name is", "I'm", "this is", "je m'appelle", "c'est",
  "moi c'est", "ik ben", "mijn naam is", "dit is");
* a company after a name ("Tom Baker from Initech", "Jan Peeters van Acme", "Claire Dumont,
  chez Solvay", "Sophie Laurent de Michelin") or in a phrase of its own ("I work at Hooli",
  "ik werk bij Coolblue", "je travaille chez Solvay").

"van" and "de" also begin surnames ("Piet van der Meer", "Charles de Villiers", "Sanne de
Boer"), so they mark a company only after a first and a last name (two words or more) and not
before another particle ("Kees van Dijk van Bakkerij Jansen": the second "van"); "de" only
when the name was introduced in French. A double first name with such a surname ("Jan Willem
van Dijk") is therefore read as a name and a company: the price of reading "Jan Peeters van
Acme" right.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.extraction.job_titles import (
    ROLES_BEFORE_A_COMPANY,
    has_role_word,
    is_job_title,
    is_title_vocabulary,
)
from bot.text import APOSTROPHE, fold

_E = "[eé]"  # accents typed or not
_DASH = "[-\u2010\u2011 ]?"  # e-mail, email, e mail

# fmt: off
# What a detail is called, after "my" / "mon" / "mijn" and the like.
_EMAIL_WORDS = rf"(?:e?{_DASH}?mail(?:{_DASH}?(?:address|adres|adresse))?|address|adresse(?: {_E}lectronique| e{_DASH}?mail| mail)?|adres|mail|courriel)"  # noqa: E501
_PHONE_WORDS = rf"(?:(?:phone |mobile |cell |telephone |t{_E}l{_E}phone |gsm{_DASH})?number|num{_E}ro(?: de t{_E}l{_E}phone| de portable| de gsm| de mobile)?|portable|t{_E}l{_E}phone|gsm|mobile|(?:telefoon|gsm|mobiel|mobiele )?nummer|telefoon|06)"  # noqa: E501
_DETAIL_WORDS = rf"(?:{_EMAIL_WORDS}|{_PHONE_WORDS}|contact details|coordonn{_E}es|gegevens)"
ANNOUNCEMENTS = [
    # "my email is", "mon numéro c'est le", "mijn nummer is", "mijn e-mail:", "e-mail :"
    rf"(?:my|mon|ma|mes|mijn|m'n|the|het|le|la|l{APOSTROPHE}|here{APOSTROPHE}?s my|here is my|voici mon|voici ma|voil[aà] mon|hier is mijn|dit is mijn)\s+{_DETAIL_WORDS}"  # noqa: E501
    rf"(?:\s*(?:is|est|c{APOSTROPHE}est|:|=|-|is het|luidt))?(?:\s+(?:le|het))?",
    rf"{_DETAIL_WORDS}\s*:",
    # "you can reach me at", "call me on", "vous pouvez me joindre au", "bel me op"
    r"(?:you can |u kunt |je kunt |vous pouvez |tu peux )?(?:reach|call|email|e-mail|mail|text|contact|ring|phone)(?: me| us)?(?: back)?(?: at| on| via)",  # noqa: E501
    rf"(?:vous pouvez |tu peux )?(?:me joindre|m{APOSTROPHE}appeler|me contacter|m{APOSTROPHE}{_E}crire|me rappeler|appelez-moi|rappelez-moi|contactez-moi|{_E}crivez-moi)(?: au| à| a| sur| via| par)",  # noqa: E501
    r"(?:u kunt |je kunt |jullie kunnen )?(?:mij |me )?(?:bereiken|bellen|mailen|terugbellen|contacteren|sms'en)(?: mij| me)? (?:op|via|on)",  # noqa: E501
    r"(?:bel|mail|sms|contacteer) (?:me|mij)(?: terug)? (?:op|via)",
    rf"(?:ik ben |je suis |i am |i{APOSTROPHE}m )?(?:bereikbaar|joignable|reachable)(?: op| via| au| sur| at| on)",  # noqa: E501
    # a correction: "sorry, wrong address, it's …", "pardon, je me suis trompé : …"
    r"(?:sorry|oops|pardon|excuse me|excusez-moi|d[eé]sol[eé]e?|oeps|excuses)",
    rf"(?:(?:the|my|het|de|mijn|le|la|l{APOSTROPHE}|mon|ma)\s+)?(?:wrong|right|correct|new|verkeerde?|juiste|goede|nieuwe|mauvaise?|bonne|nouvelle?|vraie?)\s+{_DETAIL_WORDS}(?:\s*(?:is|est|c{APOSTROPHE}est|:))?",
    rf"{_DETAIL_WORDS}\s+(?:correcte?|exacte?)",
    rf"(?:je me suis tromp{_E}e?|i made a (?:typo|mistake)|typo|ik heb me vergist|foutje|i mean|je veux dire|ik bedoel|bedoel(?:de)? ik|plut[oô]t|rather|instead|eigenlijk|in fact|en fait)",  # noqa: E501
    # "no wait, it's …", "non attendez, c'est …", "wacht, het is …", "correction: …"
    r"(?:(?:no|non|nee),?\s+)?(?:wait|hold on|attendez|attends|wacht(?: even)?|momentje)",
    r"(?:actually|correction|rectification|je corrige|correctie|verbetering|scratch that|make that|i meant|je voulais dire|ik bedoelde)",  # noqa: E501
    rf"(?:it{APOSTROPHE}s|it is|that{APOSTROPHE}s|c{APOSTROPHE}est|het is|dat is)(?=\s*$)",
]
# Phrases before a name: sure ones, and loose ones that need a capital letter after them
# ("I'm Tom" is a name, "I'm interested" is not).
NAME_INTRODUCTIONS = [
    r"my name is", rf"my name{APOSTROPHE}s", rf"name{APOSTROPHE}s", r"the name is", r"name\s*:",
    rf"je m{APOSTROPHE}appelle",
    r"mon nom est", rf"mon nom c{APOSTROPHE}est", r"nom\s*:", rf"moi c{APOSTROPHE}est",
    r"ik heet", r"mijn naam is", r"naam\s*:", r"u spreekt met", r"je spreekt met",
    rf"{APOSTROPHE}?k heet",  # Flemish and spoken Dutch: "'k heet Jens"
    r"(?:de )?naam is", r"name is",
    rf"je me pr{_E}sente\s*[:,]?", r"let me introduce myself\s*[:,]?",
    r"ik stel me(?:zelf)? (?:even )?voor\s*[:,]?",
]
# Words after a name that say it is one ("Laura Jennings here", "Lotte hier", "Marc à l'appareil").
NAME_SUFFIXES = [
    r"here", r"speaking", r"on the line", r"ici", rf"[aà] l{APOSTROPHE}appareil", r"hier",
    r"aan de lijn", r"aan het woord",
]
LOOSE_NAME_INTRODUCTIONS = [
    rf"i{APOSTROPHE}m", r"i am", r"this is", rf"it{APOSTROPHE}?s", r"here is", r"je suis",
    rf"c{APOSTROPHE}est", r"ici", r"ik ben", rf"{APOSTROPHE}?k ben", r"dit is", r"hier is", r"met",
    r"(?<!company )(?<!firm )name", r"nom", r"naam",  # "email …, name Sarah Cole"
]
# Titles before a name ("Mr Smith", "Mme Leroy", "dhr. Peeters", "mevrouw Jansen", "Dr Patel"):
# a salesperson writes to the person, the title is no part of the name.
TITLES = [
    "mr", "mrs", "ms", "miss", "mister", "dr", "prof", "sir", "madam",
    "mme", "mlle", "madame", "monsieur", "mademoiselle", "maître", "maitre",
    "dhr", "mevr", "mw", "mevrouw", "meneer", "juffrouw", "de heer",
]  # fmt: skip
_TITLE = re.compile(
    rf"(?<![\w.'\u2019-])(?i:{'|'.join(sorted(TITLES, key=len, reverse=True))})\.?\s+(?=[A-ZÀ-Ý])"
)
# Labelled parts of a name, as forms ask for them: "first name Olivia", "voornaam: Joost",
# "prénom : Marie"; "last name Brandt", "achternaam Verbeek", "nom de famille : Leroy".
# "nom" alone is the surname only beside a first name ("nom : Leroy, prénom : Marie").
_LABEL_END = r"(?:\s*(?:is|est|c{A}est|:|=|-|luidt))?\s*".replace("{A}", APOSTROPHE)
_FIRST_NAME_LABEL = (
    r"first\s*name|given\s*name|fore\s*name|christian name|pr[eé]nom|voornaam|roepnaam"
)
_LAST_NAME_LABEL = (
    r"last\s*name|sur\s*name|family\s*name|nom de famille|achternaam|familienaam"
)
_OWNER = r"(?:(?:my|mon|ma|mijn|m{A}n|the|le|de|het)\s+)?".replace("{A}", APOSTROPHE)
_FIRST_NAME = re.compile(rf"(?<!\w){_OWNER}(?:{_FIRST_NAME_LABEL}){_LABEL_END}", re.IGNORECASE)
_LAST_NAME = re.compile(rf"(?<!\w){_OWNER}(?:{_LAST_NAME_LABEL}){_LABEL_END}", re.IGNORECASE)
_WHOLE_NAME = re.compile(rf"(?<![\w-]){_OWNER}(?:nom|naam|name){_LABEL_END}", re.IGNORECASE)
FRENCH_INTRODUCTIONS = re.compile(
    rf"je m{APOSTROPHE}appelle|mon nom|moi c{APOSTROPHE}est|je suis|c{APOSTROPHE}est|ici|nom\s*:",
    re.IGNORECASE,
)
# Words between a name and a company, always ("from", "chez"), or only after two words or more.
COMPANY_MARKERS = [
    r"from", r"at", r"with", r"of", r"de chez", r"chez", r"bij",
    r"namens", r"for", r"pour", r"voor",
]
SURNAME_MARKERS = ["van"]  # and "de", "d'" after a French introduction
PARTICLES = {"de", "der", "den", "het", "'t", "te", "ter", "ten", "la", "le", "du", "des", "l'"}
# fmt: on
# Roles people name with their company ("the office manager at …", "la gérante de …").
_ROLE = rf"(?:{'|'.join(ROLES_BEFORE_A_COMPANY)})"
# The words between a role and its company: "head of sales at …", "office manager bij De …".
_ROLE_MARKERS = rf"(?:de|du|d{APOSTROPHE}|chez|of|at|for|with|van|bij|voor)"
# A word of a title before the role, in lower case ("senior buyer", "office manager"): a
# capitalised word there is the name's ("Marc Dubois directeur commercial chez …").
_BEFORE_ROLE = r"(?-i:[a-zà-ÿ])[\w-]*"
# A word after the role that is not the company's marker ("teamleider klantenservice bij …").
_AFTER_ROLE = rf"(?!{_ROLE_MARKERS}\b)[\w-]+"
# Of what, before where: "head of sales at …", "responsable des achats chez …".
_DEPARTMENT = (
    rf"(?:of|for|des|du|de la|de l{APOSTROPHE}|d{APOSTROPHE}|van|van de)\s*[\w-]+(?:\s+[\w-]+)?"
)
# fmt: off
# A company in a phrase of its own ("I work at Hooli", "ik werk bij Coolblue").
COMPANY_PHRASES = [
    r"i work (?:at|for|with)", rf"i{APOSTROPHE}m (?:at|with)", r"i am (?:at|with)",
    r"my company is", r"company\s*:", r"je travaille (?:chez|pour|à|a|au)",
    r"je suis (?:chez|de chez)", r"ma soci[eé]t[eé] (?:est|c'est|s'appelle)",
    r"(?:soci[eé]t[eé]|entreprise)\s*:", r"ik werk (?:bij|voor)", r"mijn bedrijf is",
    r"(?:bedrijf|firma)\s*:", r"(?:on behalf of|namens|de la part de)",
    r"(?:calling|writing|here) (?:from|for|on behalf of)", r"ik ben van", r"ik zit bij",
    rf"j{APOSTROPHE}appelle (?:de la part de|pour)", r"je suis de",
    # at work, as people say it: "je bosse chez …", "ik ben werkzaam bij …", "I'm employed by …"
    r"(?:je|j') ?(?:bosse|taffe|bosses) (?:chez|pour|à|a|au)", rf"je suis (?:employ{_E}e?|salari{_E}e?|consultante?|stagiaire) (?:chez|pour|à|a|au|de)",  # noqa: E501
    r"je travaille pour le compte de", rf"(?:mon employeur|ma bo[iî]te|mon entreprise|notre soci{_E}t{_E}|notre entreprise) (?:est|c'est|s'appelle|:)",  # noqa: E501
    r"ik ben (?:werkzaam|in dienst|actief|aan de slag) (?:bij|voor)", r"werkzaam bij",
    r"(?:mijn werkgever|ons bedrijf|mijn firma|onze firma) (?:is|heet|:)", r"ik werk in dienst van",
    rf"i{APOSTROPHE}?m (?:employed|working) (?:at|by|for|with)", r"i am (?:employed|working) (?:at|by|for|with)",  # noqa: E501
    r"(?:my employer|our company|my firm) (?:is|:)", r"working (?:at|for)",
    # for a company, in the first person plural or on its behalf
    r"(?:on est|nous sommes|on bosse|on travaille|nous travaillons) (?:chez|de chez|pour|de)",
    rf"(?:we work|we{APOSTROPHE}re working|we are working) (?:at|for)", r"(?:wij|we) (?:werken|zitten) (?:bij|voor)",  # noqa: E501
    r"pour le compte de", r"in naam van", r"(?:i|we) represent", r"representing",
    # a word for a company after a preposition: "of the firm …", "de la société …", "bij het
    # bedrijf …" (a name before them is the name: "Lucie Perrin de la société Perrin"); in
    # lower case, not "de la Société Perrin", "Société Générale": those are the name
    r"(?:of|from|at|with|for) (?-i:(?:the |our |my )?(?:firm|company))",
    rf"(?:de|pour|chez|dans) (?-i:la soci{_E}t{_E}|l{APOSTROPHE}entreprise|la firme)",
    r"(?:bij|van|voor) (?-i:het bedrijf|de firma|de onderneming)",
    # a role there, with its adjective: "je suis la gérante de …", "ik ben de zaakvoerder van
    # …", "owner of …", "directrice commerciale chez …"
    rf"(?:(?:je suis|i{APOSTROPHE}m|i am|ik ben)\s+)?(?:(?:the|an?|le|la|l{APOSTROPHE}|un|une|de|het|een)\s+)?(?:{_BEFORE_ROLE}\s+)?{_ROLE}(?:\s+{_AFTER_ROLE})?(?:\s+{_DEPARTMENT})? {_ROLE_MARKERS}",  # noqa: E501
    rf"(?:the |my |our )?(?:company|firm|business)(?:{APOSTROPHE}s| is) called",
    r"i run", r"(?:je dirige|je g[eè]re)", r"ik (?:run|leid|beheer)",
    r"(?:je repr[eé]sente|nous repr[eé]sentons)", r"(?:ik vertegenwoordig|wij vertegenwoordigen)",
    r"(?:the |my |our )?(?:company|firm|business|employer)(?: name)? is",
    r"(?:het |mijn |ons )?(?:bedrijf|firma)(?:snaam)? (?:is|heet)",
    rf"(?:la |ma |notre )?(?:soci{_E}t{_E}|entreprise|bo[iî]te) (?:est|c{APOSTROPHE}est|s{APOSTROPHE}appelle)",  # noqa: E501
    # a clause of its own that starts with a marker: "Karim Benali, de chez Decathlon"; a
    # capitalised "Van" or one before a particle begins a name ("…, Van der Berg Techniek BV")
    rf"(?<=[,;(])\s*(?:from|at|de chez|chez|bij|(?-i:van)(?!\s+(?:der|den|de)\s)"
    rf"|de la soci[eé]t[eé]|de l{APOSTROPHE}entreprise"
    r"|soci[eé]t[eé]|company|bedrijf)",
]
# Phrases that name a company only before a capital or a word for a company ("We're Van
# Leeuwen Logistics", "c'est pour la société Durand", "het gaat om Bakkerij Smits"; not
# "we're interested", "c'est pour un devis", "het gaat om een offerte").
LOOSE_COMPANY_PHRASES = [
    rf"we{APOSTROPHE}re(?: at| from| with| for)?", r"we are(?: at| from| with| for)?",
    r"nous sommes", r"wij zijn", r"we zijn",
    rf"c{APOSTROPHE}est pour", rf"c{APOSTROPHE}est de la part de", r"(?:it|this) is for",
    rf"(?:it|this){APOSTROPHE}s for", r"het gaat om", r"het is voor", r"dit is voor",
    r"het betreft",
]
# fmt: on

# What follows "et" / "en" / "and" / "&" inside a company's name ("Leroy et Fils", "Jansen en
# Zonen", "Smith and Sons"): there the word joins, it does not end the clause.
FIRM_TAILS = [
    "fils", "filles", "fille", "cie", "compagnie", "associes", "associés", "partenaires",
    "zonen", "zoon", "zn", "dochters", "partners", "sons", "son", "co", "company",
]  # fmt: skip
NO_FIRM_TAIL = rf"(?!\s+(?:{'|'.join(FIRM_TAILS)})\b\.?)"
# Legal forms written with a final dot ("Initech Inc.", "Acme Ltd.", "Brunet et Cie."): the dot
# is the name's, as typed, not the end of a sentence. "B.V." and "S.A." keep theirs as initials.
DOTTED_LEGAL_FORMS = ["inc", "ltd", "corp", "co", "cie", "bros", "pty"]
# Legal forms, folded and written without their dots ("B.V." is "bv", "S.à r.l." is "sa" and
# "rl"): the words that make a name a company's, and that may follow another legal form
# ("GmbH & Co. KG").
LEGAL_FORMS = {
    "bv", "nv", "vof", "bvba", "cvba", "commv", "vzw", "sa", "sas", "sasu", "sarl", "srl",
    "sprl", "scrl", "eurl", "snc", "asbl", "gmbh", "ag", "kg", "ohg", "kgaa", "ltd", "limited",
    "llc", "llp", "plc", "inc", "corp", "corporation", "pty", "pte",
}  # fmt: skip
_NOT_A_LEGAL_FORM = "".join(rf"(?<!\b{form})" for form in DOTTED_LEGAL_FORMS)
# After a legal form's dot, a clause ends only where more words follow ("Acme Ltd. Call me"),
# and not before another legal form ("Brandt GmbH & Co. KG").
_AFTER_A_LEGAL_FORM = "|".join(rf"(?<=\b{form}\.)" for form in DOTTED_LEGAL_FORMS)
_NEXT_LEGAL_FORM = rf"(?:{'|'.join(sorted(LEGAL_FORMS, key=len, reverse=True))})\b"
# After initials ("B.V.", "S.A.S.", "s.à r.l."), a clause ends before a capitalised word of a
# new sentence ("Jansen B.V. Call me tomorrow"), not before a legal form or a lower-case word.
_AFTER_INITIALS = r"(?<=[^\W\d_]\.[^\W\d_]\.)"
# A dot inside an abbreviation ("B.V.", "S.A.", "s.à r.l."): a single letter before it.
_NOT_AN_INITIAL = r"(?<!(?<![^\W\d_])[A-Z])"
# The end of a name or company phrase: punctuation, "and", or a detail announced.
_CLAUSE_END = re.compile(
    rf"\s*(?:[,;!?\n/()\u2013\u2014]|{_NOT_AN_INITIAL}{_NOT_A_LEGAL_FORM}\.|\s-\s"
    rf"|(?:{_AFTER_A_LEGAL_FORM})(?=\s+(?!{_NEXT_LEGAL_FORM})\S)"
    rf"|{_AFTER_INITIALS}(?=\s+(?!{_NEXT_LEGAL_FORM})(?-i:[A-ZÀ-Ý]))"
    rf"|\s(?:(?:and|et|en){NO_FIRM_TAIL}|ou|or|but|mais|maar)(?:\s|$))",
    re.I,
)
# Words that lead into a detail typed right after them, with the conjunction before them: a
# label ("tel.", "gsm", "mob:", "téléphone", "telefoon"), or a verb that says what to do with it
# ("or ring …", "ou appelez le …", "of bel …", "use … instead", "gebruik liever …", "prenez
# plutôt …"). They are never a name or a company.
PHONE_LABELS = [
    "tel", "tél", "tel nr", "telnr", "phone", "ph", "cell", "cellphone", "mob", "mobile", "gsm",
    "portable", "fixe", "landline", "whatsapp", "telefoon", "telefoonnummer", "mobiel", "vast",
]  # fmt: skip
LEAD_IN_VERBS = [
    "ring", "call", "phone", "text", "try", "use", "email", "e-mail", "mail", "contact", "reach",
    "appelez", "appelle", "appeler", "rappelez", "joignez", "contactez", "écrivez", "ecrivez",
    "utilisez", "utilise", "prenez", "prends", "essayez", "notez",
    "bel", "bellen", "mailen", "gebruik", "neem", "probeer", "noteer", "app", "sms",
    "contacteer",
]  # fmt: skip
_LEAD_IN_OBJECT = r"(?:[\s-]+(?:me|us|moi|nous|mij|ons|him|her|this one|celle-ci|celui-ci|deze))?"
_LEAD_IN_ADVERB = (
    r"(?:\s+(?:rather|instead|preferably|better|plut[oô]t|de pr[eé]f[eé]rence|liever|eerder"
    r"|beter|maar|dan|even|gerust|alors|donc))*"
)
_LEAD_IN_PREPOSITION = r"(?:\s+(?:on|at|via|to|au|le|sur|à|a|par|op|naar))?"
_LEAD_IN = (
    rf"(?:(?:{'|'.join(LEAD_IN_VERBS)}){_LEAD_IN_OBJECT}{_LEAD_IN_ADVERB}{_LEAD_IN_PREPOSITION}"
    rf"|{_DETAIL_WORDS}|(?:{'|'.join(PHONE_LABELS)})\.?)"
)
_DETAIL_AHEAD = r"(?=[+(]?\d|[^\s@,;]+@)"
_LEAD_IN_BEFORE_DETAIL = re.compile(
    rf"(?<!\w)(?:(?:(?:or|ou|of|and|et|en|else|sinon|anders)\s+)+(?:{_LEAD_IN}\s*[:.]{{0,2}}\s*)?"
    rf"|{_LEAD_IN}\s*[:.]{{0,2}}\s*){_DETAIL_AHEAD}",
    re.IGNORECASE,
)
_ANNOUNCEMENT = re.compile(rf"(?<!\w)(?:{'|'.join(ANNOUNCEMENTS)})(?!\w)", re.IGNORECASE)
# Words that join details, or add one to those given ("et au 06 … si besoin", "and on … too",
# "en anders 06 …"): with nothing else beside a detail, they say nothing more.
_CONNECTORS = re.compile(
    r"[\W_]+|(?<!\w)(?:and|or|et|ou|en|of|und|also|aussi|ook|both|les deux|allebei"
    r"|on|at|au|à|a|op|via|sur|too|as well|if needed|if necessary|in case|otherwise|else"
    r"|si besoin|au besoin|en cas de besoin|si n[ée]cessaire|sinon|sinon au|ou bien"
    r"|anders|of anders|eventueel|evt|indien nodig|zo nodig|nog|ook nog)(?!\w)",
    re.I,
)
_BRACKETED_COMPANY = re.compile(r"[^(),;.!?\n]+\(\s*([^()]+?)\s*\)")
_INTRO = re.compile(rf"(?<!\w)(?:{'|'.join(NAME_INTRODUCTIONS)})\s*", re.IGNORECASE)
_LOOSE_INTRO = re.compile(rf"(?<!\w)(?i:{'|'.join(LOOSE_NAME_INTRODUCTIONS)})\s+(?=[A-ZÀ-Ý])")
_LOOSE_START = re.compile(rf"^\W*(?:{'|'.join(LOOSE_NAME_INTRODUCTIONS)})\s", re.IGNORECASE)
_ANY_INTRO = re.compile(
    rf"(?<!\w)(?:{'|'.join(NAME_INTRODUCTIONS + LOOSE_NAME_INTRODUCTIONS)})\s*", re.IGNORECASE
)
_COMPANY_PHRASE = re.compile(rf"(?<!\w)(?:{'|'.join(COMPANY_PHRASES)})\s+", re.IGNORECASE)
_NAME_SUFFIX = re.compile(rf"\s+(?i:{'|'.join(NAME_SUFFIXES)})\W*$")
# Common nouns for a company, in lower case before its name ("la société Girard").
_COMPANY_NOUNS = [
    rf"(?:la |une |ma |notre )?soci{_E}t{_E}",
    rf"(?:l{APOSTROPHE}|une |mon |notre )?entreprise",
    r"(?:la |ma )?bo[iî]te",
    r"(?:la )?firme",
    r"(?:het |een |mijn |ons )?bedrijf",
    r"(?:de |een |mijn )?firma",
    r"(?:the |a |my |our )?(?:company|firm|business)",
]
_COMPANY_NOUN = re.compile(rf"(?:{'|'.join(_COMPANY_NOUNS)})(?:\s+|$)")  # lower case only
# Words that name a kind of company at the start of its name ("Groupe Vasseur", "Fromagerie
# Dubois", "Bakkerij Smits"): an article before them is the sentence's, not the name's ("je
# travaille pour le Groupe Vasseur"), unlike "la Poste" or "l'Atelier Mercier".
KINDS_OF_COMPANY = [
    "groupe", "group", "groep", "holding", "fromagerie", "boulangerie", "patisserie",
    "pâtisserie", "brasserie", "imprimerie", "pharmacie", "boucherie", "menuiserie", "garage",
    "cabinet", "agence", "fiduciaire", "laboratoire", "laboratoires", "clinique",
    "établissements", "etablissements", "bakkerij", "bakkerijen", "brouwerij", "drukkerij",
    "apotheek", "slagerij", "kliniek", "schrijnwerkerij",
]  # fmt: skip
_KIND_OF_COMPANY = rf"(?i:{'|'.join(KINDS_OF_COMPANY)})"
# After a loose company phrase: a capital, or a word for a company and then its name.
_COMPANY_AHEAD = (
    rf"(?=[A-ZÀ-Ý]|(?i:{'|'.join(_COMPANY_NOUNS)})\s+\S"
    rf"|(?:le|la|les|l{APOSTROPHE}|the|het|de)\s*{_KIND_OF_COMPANY}\b)"  # "pour la Fromagerie …"
)
_LOOSE_COMPANY_PHRASE = re.compile(
    rf"(?<!\w)(?i:{'|'.join(LOOSE_COMPANY_PHRASES)})\s+{_COMPANY_AHEAD}"
)
_OPENING_COMPANY_PHRASE = re.compile(
    rf"^\W*(?:(?i:{'|'.join(COMPANY_PHRASES)})\s+"
    rf"|(?i:{'|'.join(LOOSE_COMPANY_PHRASES)})\s+{_COMPANY_AHEAD})"
)
# A capitalised word of a place ("Namur", "Aalst", "Saint-Étienne", "Den Haag").
_PLACE_WORD = r"[A-ZÀ-Ý][\w'\u2019]*"
_LEADING_WORDS = re.compile(
    rf"^\s*(?:(?i:{'|'.join(COMPANY_MARKERS)})(?:\s+|$)"  # "chez", "bij", "from": any case
    r"|(?:van|de|de la|du|des)\s+(?=[A-ZÀ-Ý])"  # not "Van Oord", "De Lijn", "d'Artagnan"
    # "la Société Durand", not "la Poste"
    rf"|(?:la|het|the)\s+(?=(?i:soci{_E}t{_E}|bedrijf|company)\s)"
    rf"|(?:de|d{APOSTROPHE})\s*(?=(?:la |l{APOSTROPHE}|une )?(?:soci|entreprise|firme|bo[iî]te))"
    rf"|(?:{'|'.join(_COMPANY_NOUNS)})\s+(?=\S)"  # "société Girard", not "Société Générale"
    r"|(?:van|de)\s+(?=(?i:bij|chez)\s)"  # "van bij 't Fietsenhuis" (Flemish), "de chez …"
    # "le Groupe Vasseur", "la Fromagerie Dubois": an article before a kind of company goes
    rf"|(?:le|la|les|l{APOSTROPHE}|the|het|de)\s*(?=(?:{_KIND_OF_COMPANY})\b))"
)
# A place after a company's name: "… Logistique à Namur", "… Services in Lyon", "… te Gent".
_PLACE_AFTER = re.compile(
    r"\s+(?:(?:based|located|gevestigd|gelegen|situ[ée]e?s?|bas[ée]e?s?|implant[ée]e?s?)\s+)?"
    rf"(?:à|in|te|uit|near|pr[eè]s de|nabij)\s+{_PLACE_WORD}"
    rf"(?:[\s-]+(?:{_PLACE_WORD}|sur|sous|en|le|la|aan|op|upon|de))*\s*[.!]*$"
)


# A single letter and its dot at the end: an initial or the end of a dotted legal form ("Jan P.",
# "Jansen B.V.", "Luxtrans S.à r.l.", "dupont s.a."), in either case.
_ABBREVIATION_END = re.compile(r"(?<![^\W\d_])[^\W\d_]\.$")
_LEGAL_FORM_END = re.compile(rf"(?<!\w)(?:{'|'.join(DOTTED_LEGAL_FORMS)})\.$", re.IGNORECASE)


def without_lead_ins(text: str) -> str:
    """`text` less the labels and verbs typed right before a detail ("Tom, or ring 0470 …")."""
    return _LEAD_IN_BEFORE_DETAIL.sub(" ", text)


def without_announcements(text: str) -> str:
    """`text` less the phrases that announce a detail ("my email is", "mijn nummer is")."""
    return " ".join(_ANNOUNCEMENT.sub(" ", text).split())


def announces_only(text: str) -> bool:
    """Whether `text` (a message without its details) is nothing but announcing phrases.

    Words that joined the details count as nothing ("06 55443322 of ruud@hema.example").
    """
    return not _CONNECTORS.sub("", without_announcements(text))


def clause(text: str) -> str:
    """The start of `text` up to the end of its first clause."""
    return _CLAUSE_END.split(text, maxsplit=1)[0].strip()


def without_titles(text: str) -> str:
    """`text` less the titles before a capitalised name ("Mme Leroy" -> "Leroy")."""
    return _TITLE.sub("", text)


def name_parts(text: str) -> tuple[str | None, str | None]:
    """(first name, last name) given with their labels ("voornaam Joost, achternaam Verbeek").

    "nom", "naam" and "name" alone name the whole name ("naam: Joost Verbeek"); beside a
    first name they are the surname, as in a form ("nom : Leroy, prénom : Marie").
    """
    first = _labelled(_FIRST_NAME, text)
    last = _labelled(_LAST_NAME, text)
    if first and not last:
        last = _labelled(_WHOLE_NAME, _FIRST_NAME.sub(", ", text))
    return first, last


def _labelled(label: re.Pattern[str], text: str) -> str | None:
    """The words after the first `label` that has some, up to the end of their clause."""
    for match in label.finditer(text):
        words = clause(text[match.end() :])
        if words:
            return words
    return None


def introduced(text: str) -> tuple[str | None, str | None]:
    """(name phrase, company) that `text` introduces ("I'm Tom Baker from Initech")."""
    match = _INTRO.search(text) or _LOOSE_INTRO.search(text)
    if not match:
        return None, None
    french = bool(FRENCH_INTRODUCTIONS.fullmatch(match.group(0).strip()))
    after = text[match.end() :]
    words = clause(after)
    # "I'm Ellen Hart of the firm Hart Legal": the name ends where the company phrase begins
    name_words = before_company_phrase(words)
    name, company = split_company(name_words, french=french)
    if company is None and name_words != words:
        company = company_phrase(words)
    in_brackets = _BRACKETED_COMPANY.match(after)  # "Emma Clark (Globex)"
    if company is None and in_brackets:
        company = company_name(in_brackets.group(1))
    return name, company


def opens_with_loose_introduction(text: str) -> bool:
    """Whether `text` starts like "I'm …" or "je suis …" (a sentence unless a name follows)."""
    return bool(_LOOSE_START.match(text))


def without_introductions(text: str) -> str:
    """`text` less the phrases that introduce a name."""
    return " ".join(_ANY_INTRO.sub(" ", text).split())


def split_company(
    phrase: str, *, french: bool = False, company_known: bool = False
) -> tuple[str | None, str | None]:
    """(name, company) of a phrase such as "Jan Peeters van Acme" (see the module docstring).

    After "van" / "de", a particle in lower case continues a surname ("Jan van der Meer");
    a capitalised word starts the company ("Sanne de Vries van De Lijn"). `company_known`:
    the phrase names a company (a legal form, a trade), so "with", "of", "for" and "de"
    mark it too ("Tom Baker with Initech LLC", "Isabelle Renard de Renard Consulting").
    """
    words = phrase.split()
    plain = COMPANY_MARKERS_PLAIN | (WEAK_COMPANY_MARKERS if company_known else set())
    for index, word in enumerate(words):
        folded = word.casefold()
        marker = (
            folded in COMPANY_MARKERS_PLAIN
            or (folded in plain and index >= 2)
            or (
                (
                    folded in SURNAME_MARKERS
                    or ((french or company_known) and folded in ("de", "d'", "d\u2019"))
                )
                and index >= 2
                and words[index - 1].casefold() not in PARTICLES
                and index + 1 < len(words)
                and (
                    words[index + 1] not in PARTICLES
                    or _COMPANY_NOUN.match(" ".join(words[index + 1 :]))
                )
            )
        )
        if marker and index >= 1:
            company = company_name(" ".join(words[index + 1 :]))
            # "de chez" is one marker: its "de" is not the end of the name.
            end = index - 1 if folded == "chez" and words[index - 1].casefold() == "de" else index
            return " ".join(words[:end]) or None, company
    return phrase.strip() or None, None


# Markers written as one plain word, for split_company's word-by-word look.
COMPANY_MARKERS_PLAIN = {"from", "at", "chez", "bij", "namens"}
# Markers that also join words inside names ("Bank of America"): only before a company.
WEAK_COMPANY_MARKERS = {"with", "of", "for", "pour", "voor"}


def without_name_suffix(text: str) -> str:
    """A name answer less the words after it that say so ("Laura Jennings here")."""
    return _NAME_SUFFIX.sub("", text)


def has_name_suffix(text: str) -> bool:
    """Whether `text` ends with words that say a name came before them ("… here", "… hier")."""
    return bool(_NAME_SUFFIX.search(text))


def company_name(text: str) -> str | None:
    """A company as typed, less a leading preposition or common noun ("chez Solvay").

    "van" and "de" begin company names too ("Van Oord", "De Lijn"): they are dropped only in
    lower case before a capitalised word ("van Janssen Bouw", "de Dubois Immobilier"), as is
    a common noun for a company ("société Girard", "het bedrijf Jansen"); "Groupe Safran"
    and "Van Dam Logistiek" stay whole, and an article before a kind of company goes ("le
    Groupe Vasseur"). Where the company is ("… Logistique à Namur", "… in Lyon") is no part
    of its name.
    """
    name = text.strip()
    while (stripped := _LEADING_WORDS.sub("", name, count=1)) != name:
        name = stripped
    name = _PLACE_AFTER.sub("", name) or name  # "X à Namur"; "In Flanders Fields" stays
    return without_end_dot(without_quotes(name, ' ,;:!"()[]')) or None


def without_end_dot(text: str) -> str:
    """`text` less a full stop at its end; "Jansen B.V.", "Initech Inc.", "Jan P." keep theirs."""
    if _ABBREVIATION_END.search(text) or _LEGAL_FORM_END.search(text):
        return text
    return text.rstrip(" .")


# Dutch names that begin with an elided article: "'t Hart", "'s-Gravenhage".
_ELIDED_ARTICLE = re.compile(rf"^{APOSTROPHE}[ts](?:\s|-)")


def without_quotes(text: str, others: str = " ") -> str:
    """`text` less quotes and the `others` around it, keeping a leading "'t" or "'s-"."""
    text = text.strip(others)
    start = "" if _ELIDED_ARTICLE.match(text) else "'\"\u2019\u2018"
    return text.lstrip(start + others).rstrip("'\"\u2019\u2018" + others)


# Where or how people work, after the same words as a company ("I work at home").
NOT_COMPANIES = {
    "home", "myself", "my own", "a company", "a startup", "the moment",
    "la maison", "maison", "domicile", "moi", "mon compte", "moi-meme", "une entreprise",
    "thuis", "huis", "mezelf", "mijzelf", "mijn eigen", "een bedrijf", "een startup",
}  # fmt: skip
# Words after those of a company that name none ("chez nous c'est surtout du téléphone", "bij
# ons gaat het om …", "at the moment we get …"): where, when, or whose (the assistant's side).
NOT_COMPANY_STARTS = {
    "nous", "vous", "eux", "moi", "toi", "soi", "ons", "jullie", "mij", "hen", "hun", "u",
    "us", "you", "them", "me", "the moment", "home", "present", "the minute",
    # whose: "le responsable de votre service", "the manager of your team"
    "votre", "vos", "your", "uw", "jouw",
    # where to start again: "new estimate please, from the very beginning", "opnieuw van nul"
    "the beginning", "the very beginning", "the start", "the very start", "scratch", "zero",
    "the top", "the outset", "now on", "then on", "het begin", "nul", "voren", "scratch af",
}  # fmt: skip


def is_no_company(company: str) -> bool:
    """Whether words after a company phrase name none: "home", "nous c'est surtout …", "the
    moment we get …"; a capital ("US Foods", "Home Depot") is a name as typed."""
    folded = fold(company)
    if folded in NOT_COMPANIES:
        return True
    return not company[:1].isupper() and any(
        folded == start or folded.startswith(start + " ") for start in NOT_COMPANY_STARTS
    )


def opens_with_company_phrase(text: str) -> bool:
    """Whether `text` starts by saying whom it is for ("namens Acme", "het gaat om Van Gorp")."""
    return bool(_OPENING_COMPANY_PHRASE.match(text) or _COMPANY_FIRST.match(text))


# The company first, then what it is: "Cole Partners is our company", "Fabre SAS, c'est ma
# boîte", "Mertens Bouw is mijn bedrijf".
_COMPANY_FIRST = re.compile(
    rf"^\W*(?P<company>[^,;.!?]+?),?\s+(?:is|est|c{APOSTROPHE}est)\s+"
    r"(?:the|my|our|ma|mon|notre|la|mijn|ons|onze|het)\s+"
    rf"(?:company|firm|business|employer|soci{_E}t{_E}|entreprise|bo[iî]te|employeur|bedrijf|firma|werkgever)\b",
    re.IGNORECASE,
)


def before_company_phrase(text: str) -> str:
    """`text` up to a phrase that names a company ("Olivia Grant representing Brightwater")."""
    match = _COMPANY_PHRASE.search(text) or _LOOSE_COMPANY_PHRASE.search(text)
    return text[: match.start()].rstrip(" ,;:([\u2013\u2014-") if match else text


def company_phrase(text: str) -> str | None:
    """A company named in a phrase of its own ("I work at Hooli", "ik werk bij Coolblue")."""
    match = _COMPANY_PHRASE.search(text) or _LOOSE_COMPANY_PHRASE.search(text)
    company = company_name(clause(text[match.end() :])) if match else None
    first = None if match else _COMPANY_FIRST.match(text)
    if first:  # "Cole Partners is our company"
        company = company_name(first.group("company"))
    if company is None or is_no_company(company):
        return None
    if match and has_role_word(match.group(0)) and is_title_vocabulary(company):
        return None  # "head of customer care", "Head of Sales": a department, not a company
    return company


# Words that make a name a company's: legal forms and trades ("Jansen BV", "Martin Conseil
# SAS", "Van Dam Logistiek", "Globex Consulting"), folded; not surnames ("Bakker", "Visser").
COMPANY_WORDS = {
    *LEGAL_FORMS,
    "logistiek", "logistics", "logistique", "transport", "transports", "consulting", "conseil",
    "consultancy",
    "services", "solutions", "systems", "software", "technologies", "industries",
    "immobilier", "vastgoed", "bouw", "construction", "verzekeringen", "assurances",
    "insurance", "marketing", "distribution", "retail", "international", "benelux",
    *(fold(kind) for kind in KINDS_OF_COMPANY),
}  # fmt: skip


def _without_dots(word: str) -> str:
    """A folded word as a legal form is listed: "s.a.s." is "sas", "b.v.," is "bv"."""
    return word.strip(",").replace(".", "")


def looks_like_a_company(text: str) -> bool:
    """Whether a name-shaped `text` is a company's name: a legal form, a trade, "et Fils".

    The word must follow another ("Jansen BV", "Bakkerij Smits" starts with one: also a
    company); a name alone ("Marc Dupont") is not.
    """
    words = fold(text).split()
    if len(words) < 2:
        return False
    joined = " ".join(words)
    return any(_without_dots(word) in COMPANY_WORDS for word in words) or bool(
        re.search(rf"(?:&|\band|\bet|\ben)\s+(?:{'|'.join(FIRM_TAILS)})\b", joined)
    )


# Words that may stay in lower case inside a name or company ("Piet van der Meer", "bij HEMA").
_LOWER_CASE_IN_NAMES = PARTICLES | COMPANY_MARKERS_PLAIN | {"van", "&", "and", "et", "en", "y"}


def looks_like_a_name(text: str) -> bool:
    """Whether `text` reads as a name or company and nothing else ("Sanne de Boer", "bij HEMA").

    Up to six words, each capitalised or a particle, at least one capitalised, no question:
    an intent classifier that never saw the name may call it a greeting or a goodbye.
    """
    words = text.replace(",", " ").split()
    if not words or len(words) > 6 or "?" in text:
        return False
    capitalised = [word for word in words if word[0].isupper()]
    rest = [word for word in words if not word[0].isupper()]
    return bool(capitalised) and all(word.casefold() in _LOWER_CASE_IN_NAMES for word in rest)


class TitledPart(NamedTuple):
    """A part of a message read around a job title ("Luc Perrin directeur général chez Perrin
    SAS"): the words before the title (a name, or nothing), the title, and its company."""

    before: str
    title: str
    company: str | None


# Where the company follows a job title: always after these ("head of sales at …"), after the
# last of the weak ones only before a company ("directeur commercial de Dubois SA", not the
# "of" of "VP of Operations at …" or of "Head of Sales").
TITLE_COMPANY_MARKERS = {"chez", "bij", "at", "with", "from", "aupres"}
WEAK_TITLE_COMPANY_MARKERS = {"de", "du", "d'", "of", "van", "for", "pour", "voor"}


def read_job_title(text: str) -> TitledPart | None:
    """`text` as a job title with what is around it, or None when it holds no job title.

    The title starts after the words before it ("Luc Perrin" in "Luc Perrin directeur général
    chez …") and ends at the marker of its company, or at the end of `text`: "directeur
    commercial" and "directeur commercial chez nous" are a title with no company.
    """
    if not has_role_word(text):
        return None
    words = text.split()
    for start in range(len(words)):
        titled = _title_then_company(words[start:])
        if titled:
            return TitledPart(" ".join(words[:start]), *titled)
    return None


def company_after_job_title(text: str) -> str | None:
    """The company a job title names in `text` ("…, head of customer care at Carter Ltd")."""
    titled = read_job_title(text)
    return titled.company if titled else None


def _title_then_company(words: list[str]) -> tuple[str, str | None] | None:
    """(title, company) when `words` start with a job title that ends at a company marker or
    at the end; None otherwise."""
    for index, word in enumerate(words[1:], start=1):
        if fold(word) not in TITLE_COMPANY_MARKERS:
            continue
        before_de = fold(word) == "chez" and fold(words[index - 1]) == "de"  # "de chez"
        title = " ".join(words[: index - 1 if before_de else index])
        if is_job_title(title):
            return title, _company_named(words[index + 1 :])
    for index in range(len(words) - 1, 0, -1):
        if fold(words[index]) not in WEAK_TITLE_COMPANY_MARKERS:
            continue
        title, company = " ".join(words[:index]), _company_named(words[index + 1 :])
        if company and is_job_title(title):
            return title, company
    whole = " ".join(words)
    return (whole, None) if is_job_title(whole) else None


def _company_named(words: list[str]) -> str | None:
    """The company that `words` after a title's marker name: capitalised ("Carter Ltd", "'t
    Hoen", "3M"), not a department ("Sales", "Customer Care"), not "nous" or "the moment"."""
    company = company_name(clause(" ".join(words)))
    if company is None or is_no_company(company) or is_title_vocabulary(company):
        return None
    first = company.split()[0]
    named = first[:1].isupper() or bool(_ELIDED_ARTICLE.match(company))
    if not (named or (first[:1].isdigit() and any(char.isalpha() for char in first))):
        return None
    return company
