"""Words and phrases that name scenario parameters in French, Dutch and English.

Everything is lower case and without accents: the extractor folds the visitor's text the
same way, so "téléphone", "telephone" and "TELEPHONE" all match. Phrases are regular
expression fragments; a space matches any run of white space. Language names come from the
CLDR data in Babel, so that "allemand", "Duits" and "German" need no hand-written list.
"""

from __future__ import annotations

import functools

from babel import Locale

from bot.names import CHAT_LANGUAGES
from bot.text import fold

# fmt: off

# --- How the visitor wants the offer sent ------------------------------------------------------
# "send me a quote by email", "envoyez-moi le devis par mail", "stuur me een offerte per mail",
# "email me the offer": the email there carries the offer, it is no support channel. The offer
# must be named: "we get questions by email" is a channel.
SENDING_VERBS = [
    "send", "sent", "forward", "get", "receive", "have",
    "envoyer", "envoyez", "envoie", "envoies", "envoye", "transmettre", "transmettez",
    "recevoir", "faire parvenir", "faites parvenir",
    "stuur", "stuurt", "sturen", "opsturen", "toesturen", "doorsturen", "bezorg", "bezorgen",
    "ontvangen", "krijgen",
]
OFFER_NOUNS = [
    "quote", "quotes", "quotation", "offer", "estimate", "estimates", "proposal", "summary",
    "overview", "calculation", "breakdown", "details", "pdf", "it", "this", "that",
    "devis", "offre", "offres", "estimation", "proposition", "resume", "recapitulatif", "recap",
    "calcul", "tout ca",
    "offerte", "offertes", "prijsofferte", "raming", "schatting", "voorstel", "samenvatting",
    "overzicht", "berekening", "het", "dat", "dit",
]
MAIL_WORDS = ["e-mail", "email", "mail", "courriel", "e-mailtje", "mailtje"]
# What joins the verb and the mail word: "by", "par", "per", "via".
BY_MAIL = ["by", "via", "per", "par", "over", "through", "op"]
# The mail word as the verb itself, with whom it is for: "email me", "mail ons", "mailez-moi".
MAIL_ME = [
    "email me", "email us", "e-mail me", "mail me", "mail us", "mail ons", "mail mij",
    "mailez-moi", "mailez-nous",
]
# The mail word as a verb after the offer: "kunnen jullie de offerte mailen?".
MAIL_AFTER_OFFER = ["mailen", "e-mailen", "doormailen", "mailer", "e-mailer"]

# --- Contact volume -----------------------------------------------------------------------
CONTACT_NOUNS = [
    # en
    "calls", "call", "phone calls", "contacts", "contact", "customer contacts", "tickets",
    "ticket", "emails", "email", "e-mails", "mails", "chats", "messages", "interactions",
    "conversations", "requests", "inquiries", "enquiries", "questions", "cases",
    "sessions", "chat sessions",
    # fr
    "appels", "appel", "appels telephoniques", "contacts clients", "courriels", "demandes",
    "sollicitations", "dossiers", "requetes", "reclamations", "coups de fil",
    "coups de telephone",
    # nl
    "oproepen", "telefoontjes", "gesprekken", "contactmomenten", "klantcontacten", "contacten",
    "berichten", "interacties", "vragen", "aanvragen", "klantvragen", "meldingen", "klachten",
    "contactverzoeken", "telefoongesprekken", "mailtjes", "telefoons", "chatgesprekken",
    "chatsessies", "sessies",
    # messaging, as people count it ("300 whatsappjes", "200 DMs", "les SMS")
    "whatsapps", "whatsappjes", "whatsappberichten", "dms", "dm's", "sms", "smsjes", "sms'jes",
    "texts", "text messages", "tweets", "posts", "reacties", "commentaires",
]
PERIODS: dict[str, list[str]] = {
    "day": [
        "per day", "a day", "each day", "every day", "daily", "/ ?day", "par jour", "/ ?jour",
        "chaque jour", "tous les jours", "quotidiennement", "par journee", "per dag", "/ ?dag",
        "elke dag", "iedere dag", "dagelijks", "op een dag", "p/d",
    ],
    "week": [
        "per week", "a week", "each week", "every week", "weekly", "/ ?week", "par semaine",
        "/ ?sem(?:aine)?", "chaque semaine", "hebdomadaire(?:ment)?", "elke week", "iedere week",
        "wekelijks", "in een week", "p/w",
    ],
    "month": [
        "per month", "a month", "each month", "every month", "monthly", "/ ?month", "/ ?mo",
        "par mois", "/ ?mois", "chaque mois", "tous les mois", "mensuel(?:lement)?", "au mois",
        "per maand", "/ ?maand", "elke maand", "iedere maand", "maandelijks", "in een maand",
        "p/m", "mensuels?", "mensuelles?", "par mois",
    ],
    "year": [
        "per year", "a year", "each year", "every year", "annually", "yearly", "per annum",
        "/ ?year", "/ ?yr", "par an", "par annee", "/ ?an", "chaque annee", "annuel(?:lement)?",
        "a l'annee", "per jaar", "/ ?jaar", "elk jaar", "ieder jaar", "jaarlijks",
        "op jaarbasis", "p/a",
    ],
}
# SPEC section 2: contacts per month from per day / week / year.
PERIOD_TO_MONTH = {"day": 365 / 12, "week": 52 / 12, "month": 1.0, "year": 1 / 12}

# --- Handling time ------------------------------------------------------------------------
MINUTE_UNITS = ["minutes", "minute", "minuten", "minuut", "mins", "min", "mn", "m"]
SECOND_UNITS = ["secondes", "seconde", "seconds", "second", "seconden", "sec", "secs", "s"]

# --- Team size and systems ------------------------------------------------------------------
AGENT_NOUNS = [
    "agents", "agent", "agenten", "medewerkers", "medewerker", "collaborateurs", "collaborateur",
    "conseillers", "conseiller", "conseilleres", "teleconseillers", "teleconseiller",
    "operateurs", "operateur", "operators", "operator", "people", "persons", "personnes",
    "personen", "mensen", "fte", "ftes", "etp", "staff", "employees", "employes", "werknemers",
    "reps", "representatives", "support agents", "klantenservicemedewerkers",
]
AGENT_ADJECTIVES = [
    "french-speaking", "dutch-speaking", "english-speaking", "german-speaking",
    "french speaking", "dutch speaking", "english speaking", "german speaking",
    "franstalige", "nederlandstalige", "engelstalige", "duitstalige", "francophones?",
    "neerlandophones?", "bilingues?", "dutch", "french", "english", "german",
    "dedicated", "dedie", "dedies", "dediee", "dediees", "full-time", "full time", "fulltime",
    "a temps plein", "temps plein", "vaste", "fulltime", "voltijdse", "toegewijde", "own",
    "eigen", "support", "customer service", "klantenservice", "bilingual", "bilingues",
    "tweetalige", "multilingual", "meertalige", "multilingues",
]
# Support in several languages without naming them (SPEC: the languages are not given yet).
MULTILINGUAL_WORDS = [
    "multilingual", "multi-lingual", "multilanguage", "multi-language", "multi language",
    "in several languages", "in multiple languages", "in many languages", "in various languages",
    "in different languages", "several languages", "multiple languages",
    "multilingue", "multilingues", "multi-lingue", "plurilingue", "plurilingues",
    "en plusieurs langues", "dans plusieurs langues", "en differentes langues",
    "plusieurs langues", "multilangue",
    "meertalig", "meertalige", "veeltalig", "veeltalige", "in meerdere talen",
    "in verschillende talen", "meerdere talen", "verschillende talen", "in meer talen",
]
# Support in a number of languages said as one word: "bilingue", "drietalig" (none named).
COUNTED_LANGUAGE_WORDS: dict[int, list[str]] = {
    2: ["bilingual", "bi-lingual", "bilingue", "bilingues", "tweetalig", "tweetalige"],
    3: ["trilingual", "tri-lingual", "trilingue", "trilingues", "drietalig", "drietalige"],
}
ONE_WORDS = ["one", "a", "an", "un", "une", "een", "een enkele", "1 seule?", "single", "seul"]
SYSTEM_NOUNS = [
    "systems", "system", "systemes", "systeme", "systemen", "systeem", "integrations",
    "integration", "koppelingen", "koppeling", "tools", "tool", "outils", "outil",
    "applications", "application", "applicaties", "applicatie", "apps", "logiciels",
    "software packages", "platforms", "plateformes", "platformen",
]
# Named systems: each distinct one found counts as a system to connect.
NAMED_SYSTEMS: dict[str, list[str]] = {
    "crm": ["crm"],
    "erp": ["erp"],
    "ticketing": [
        "ticketing(?: system| tool| systeem)?", "ticket system", "ticketsysteem",
        "systeme de tickets", "outil de ticketing", "helpdesk (?:software|tool|system)",
        "helpdesksysteem",
    ],
    "zendesk": ["zendesk"],
    "freshdesk": ["freshdesk"],
    "salesforce": ["salesforce"],
    "hubspot": ["hubspot"],
    "servicenow": ["servicenow"],
    "jira": ["jira"],
    "sap": ["sap"],
    "dynamics": ["dynamics(?: 365)?"],
    "exact": ["exact online"],
    "afas": ["afas"],
    "shop": ["webshop", "e-shop", "boutique en ligne", "shopify", "magento", "woocommerce"],
    "telephony": [
        "telephony", "telephonie", "telefonie", "telefooncentrale", "telefoniesysteem",
                  "phone system", "telephone system", "systeme telephonique", "pbx", "ivr",
        "standard telephonique",
    ],
    "billing": [
        "billing (?:system|software)", "(?:systeme|logiciel|outil) de facturation",
        "facturatiesysteem", "facturatiesoftware",
    ],
    "database": ["database", "base de donnees", "databank"],
    "knowledge_base": ["knowledge base", "base de connaissances", "kennisbank"],
}

# Named systems only count when the message is about connecting or using them: "I own a
# webshop" names no system to connect, "we use Zendesk and a webshop" names two.
CONNECT_CUES = [
    "connect", "connected", "connecting", "integrate", "integrated", "integration", "link",
    "linked", "use", "using", "uses", "work with", "works with", "koppelen", "gekoppeld",
    "koppeling", "koppel", "integreren", "gebruiken", "gebruik", "werken met", "relier", "relie",
    "relies", "connecter", "connectes", "integrer", "brancher", "interfacer", "synchroniser",
    "utilise", "utilisons", "utiliser", "travaillons avec", "access to", "acces a", "toegang tot",
]
# "No system to connect": zero integrations.
NO_SYSTEM = (
    r"(?:aucun|aucune|pas de|sans|no|none|nothing|geen|niks|niets|zonder)\s+"
    r"(?:\w+\s+){0,3}?(?:systemes?|systems?|systemen|systeem|integrations?|koppelingen|koppeling|"
    r"connected|gekoppeld|relier|connecter|to connect|te koppelen|a relier|a connecter)"
)
# Approximate counts: "une vingtaine", "een zeventigtal", "a dozen".
APPROXIMATE_NUMBERS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
    "tiental": 10, "twintigtal": 20, "dertigtal": 30, "veertigtal": 40, "vijftigtal": 50,
    "zestigtal": 60, "zeventigtal": 70, "tachtigtal": 80, "negentigtal": 90, "honderdtal": 100,
    "duizendtal": 1000, "dozen": 12, "dozijn": 12,
    "demi-douzaine": 6, "demi douzaine": 6, "half a dozen": 6, "half dozen": 6, "half dozijn": 6,
}
# Annual contracts named in one word.
YEAR_CONTRACTS = [
    "for a year", "for one year", "pendant un an", "pour un an", "sur un an", "voor een jaar",
    "voor 1 jaar", "een jaar lang",
    "jaarcontract", "contrat annuel", "annual contract", "yearly contract", "one-year contract",
    "jaarovereenkomst", "engagement annuel",
]

HALF_YEAR = [
    "half a year", "six months", "een half jaar", "half jaar", "un semestre", "six mois",
    "zes maanden",
]

# --- Contract length ----------------------------------------------------------------------
MONTH_UNITS = ["months", "month", "mois", "maanden", "maand", "mnd"]
YEAR_UNITS = [
    "years", "year", "yrs", "yr", "ans", "an", "annees", "annee", "jaar", "jaren", "jarig",
    "jarige",
]
CONTRACT_CUES = [
    "contract", "contrat", "engagement", "looptijd", "contractduur", "duree", "term",
    "overeenkomst",
]

# --- Coverage -----------------------------------------------------------------------------
COVERAGE_PHRASES: dict[str, list[str]] = {
    "24_7": [
        r"24 ?/ ?7", r"24 ?x ?7", r"24-7", r"24 ?h ?/ ?24", r"24 ?u ?/ ?24",
        r"7 ?j ?/ ?7 ?24 ?h", r"24 heures sur 24", r"24 ?h sur 24", r"24 hours a day",
        r"24 hours per day", r"24 uur per dag", r"24 op 24", r"24 ?u(?:ur)? op 24",
        r"7 dagen op 7 ?,? 24",
        r"24 heures? ?/ ?24", r"24 uur per dag,? 7 dagen per week",
        r"dag en nacht", r"jour et nuit", r"day and night", r"night and day", r"nuit et jour",
        r"round the clock", r"rond de klok", r"de klok rond", r"24 uur op 24",
        r"around the clock", r"non-?stop", r"h ?24", r"always available",
        r"always open", r"toujours disponible", r"altijd bereikbaar", r"altijd open",
        r"permanence 24", r"ook 's nachts", r"y compris la nuit", r"including nights?",
        r"at night", r"la nuit", r"'s nachts", r"overnight",
    ],
    "extended_hours": [
        r"evenings", r"in the evenings?", r"weekends?", r"week-ends?", r"le soir", r"en soiree",
        r"soirees",
        r"'s avonds", r"avonduren", r"avonden", r"in de avond", r"zaterdag", r"samedi",
        r"saturday", r"sunday",
        r"dimanche", r"zondag", r"7 ?j ?/ ?7", r"7 jours sur 7", r"7 days a week",
        r"7 dagen per week", r"7 op 7", r"seven days a week", r"extended hours",
        r"horaires? etendus?", r"plages? horaires? etendues?", r"ruime openingstijden",
        r"verlengde openingstijden", r"ruimere openingstijden", r"late opening",
    ],
    "office_hours": [
        r"office[- ]hours", r"business[- ]hours", r"working hours", r"heures de bureau",
        r"heures ouvrables", r"heures d'ouverture normales", r"kantooruren", r"kantoortijden",
        r"kantoortijd", r"werkuren", r"during the week", r"weekdays", r"en semaine",
        r"jours ouvrables", r"werkdagen", r"op werkdagen", r"weekdagen", r"op weekdagen",
        r"monday to friday",
        r"du lundi au vendredi", r"van maandag tot vrijdag", r"ma-vr", r"lun-ven", r"mon-fri",
        r"9 to 5", r"9-5", r"nine to five",
    ],
}
# Clock ranges such as "8h-22h", "van 8 tot 22", "from 9am to 6pm".
HOUR_TOKEN = r"(?P<{name}>\d{{1,2}})(?:[:h.u]\d{{2}}|h|u|\s*uur|\s*heures?|\s*am|\s*pm)?"
# A closing hour needs a clock marker ("9pm", "21h", "22u"): "to 5 agents" is no hour.
CLOSING_HOUR = r"(?P<to_hour>\d{1,2})(?:[:h.u]\d{2}|h|u|\s*uur|\s*heures?|\s*am|\s*pm)(?![\w/])"
CLOSING_CUES = ["until", "till", "to", "jusqu'a", "jusqu'au soir", "tot", "tot en met", "uptil"]
RANGE_JOINERS = [r"-", "\u2013", r"to", r"till", r"until", r"a", r"tot", r"jusqu'a"]

# --- Channels -----------------------------------------------------------------------------
CHANNEL_WORDS: dict[str, list[str]] = {
    "phone": [
        "phone", "phones", "telephone", "telephonique", "telephoniques", "by phone", "calls?",
        "phone calls?", "appels?", "telefoon", "telefonisch", "telefonische", "telefoontjes",
        "telefoontje", "telefoons", "bellen", "belt",
        "oproepen", "voice", "hotline", "helpline", "call ?center", "callcenter",
    ],
    "email": ["e-?mails?", "mails?", "courriels?", "mailtjes", "by mail", "par mail", "mailbox",
              "boite mail", "inbox"],
    "chat": [
        "chats?", "live ?chat", "tchat", "chatten", "whatsapp", "messenger", "webchat",
        "chatbox", "chatgesprek(?:ken)?", "chatsessies?", "chat sessions?",
    ],
    "social": [
        "social media", "social", "reseaux sociaux", "sociale media", "socials", "facebook\\w*",
        "instagram-?\\w*", "twitter", "linkedin", "tiktok",
    ],
}

# --- Complexity and support form ----------------------------------------------------------
COMPLEXITY_WORDS: dict[str, list[str]] = {
    "simple": [
        "simple", "simples", "eenvoudig", "eenvoudige", "simpel", "simpele", "basic", "basique",
        "basiques", "easy",
        "facile", "faciles", "makkelijk", "makkelijke", "faq", "first-? ?line", "premier niveau",
        "premiere ligne", "eerstelijns", "eerste lijn", "straightforward", "standaardvragen",
    ],
    "standard": [
        "standard(?! telephonique)", "standaard", "normal questions", "questions normales",
        "normale vragen", "moderate", "complexite moyenne?", "niveau de complexite moyen",
        "moderately complex", "modere", "moderee", "moyennement complexes?",
        "complexite moyenne", "gemiddeld complexe?", "gemiddelde complexiteit",
        "medium complexity", "average complexity", "middelmatig", "niet te complex",
        "pas trop complexes?", "not too complex",
    ],
    "complex": [
        "complex", "complexe", "complexes", "ingewikkeld", "ingewikkelde", "technical",
        "technique", "techniques", "technisch", "technische", "second-? ?line",
        "deuxieme niveau", "tweedelijns", "tweede lijn", "specialised", "specialized",
        "specialise", "specialises", "gespecialiseerd", "gespecialiseerde", "difficult",
        "difficile", "difficiles", "moeilijk", "moeilijke", "complique", "compliques",
        "compliquees", "complicated", "pointu", "pointues",
    ],
}
NEGATIONS = ["not", "pas", "niet", "geen", "no", "non", "nothing"]
SUPPORT_MODEL_WORDS: dict[str, list[str]] = {
    "dedicated": [
        "dedicated", "dedie", "dediee", "dedies", "dediees", "exclusive", "exclusif",
        "exclusifs", "vaste medewerkers", "vaste medewerker", "vaste \\w+ medewerkers?",
        "vaste krachten?", "vast team", "vaste agenten", "toegewijd", "toegewijde",
        "equipe dediee", "agents dedies",
    ],
    "per_minute": [
        "per-? ?minute", "par minute", "a la minute", "per-? ?minuut", "by the minute",
        "minute-based",
        "au temps passe", "per gesproken minuut",
    ],
    "per_interaction": [
        "per-? ?interaction", "par interaction", "a l'interaction", "per interactie", "per contact",
        "par contact", "au contact", "per gesprek", "per call", "par appel", "per ticket",
        "par ticket", "per transaction", "per contactmoment",
    ],
}

# --- Cost items (what explain_cost_item asks about) -------------------------------------
COST_ITEM_WORDS: dict[str, list[str]] = {
    "startup_fee": ["start-? ?up", "demarrage", "mise en place", "opstart\\w*", "setup", "set-up",
                    "lancement", "implementation", "onboarding"],
    "management_fee": ["management fee", "frais de gestion", "gestion", "abonnement",
                       "subscription", "beheer\\w*", "management", "maandelijkse kosten"],
    "training": ["training", "formation", "opleiding\\w*", "former", "opleiden", "trainen"],
    "other_costs": ["other costs", "autres (?:couts|frais)", "overige kosten", "andere kosten",
                    "extra", "supplement\\w*", "hidden costs", "frais caches", "verborgen kosten",
                    "call forwarding", "renvoi", "doorschakel\\w*", "phone number",
                    "numero de telephone", "telefoonnummer"],
}

# --- Languages ----------------------------------------------------------------------------
# Languages a European contact centre is asked for; their names come from CLDR (Babel).
SERVED_LANGUAGES = [
    "fr", "nl", "en", "de", "es", "it", "pt", "pl", "tr", "ar", "zh", "ja", "ko", "ru", "uk",
    "ro", "cs", "sk", "hu", "sv", "da", "no", "fi", "el", "bg", "hr", "sr", "sl", "lt", "lv",
    "et", "he", "hi", "fa", "vi", "th", "id", "lb",
]
# Codes that are no everyday word in French, Dutch or English ("en", "de", "it", "no", "ja"
# are): in lower case they count in a list joined by words too ("en fr et nl").
PLAIN_CODES = [
    "fr", "nl", "es", "pt", "pl", "ru", "ro", "cs", "sk", "hu", "sv", "fi", "bg", "hr", "sr",
    "sl", "lv", "zh", "tr", "lb",
]
# CLDR names that are also everyday words in another of the three languages: Dutch "Lets"
# (Latvian) is English "lets", "Pools" (Polish) is "pools", "Fins" (Finnish) is "fins";
# they count only after the Dutch article ("het Pools").
COMMON_WORD_NAMES = ("lets", "pools", "fins")
LANGUAGE_ADJECTIVES: dict[str, list[str]] = {
    "fr": [
        "francophone", "francophones", "french-speaking", "french speaking", "franstalig",
        "franstalige", "francais",
    ],
    "nl": [
        "neerlandophone", "neerlandophones", "dutch-speaking", "dutch speaking",
        "nederlandstalig", "nederlandstalige", "flemish", "flamand", "vlaams", "vlaamse",
        "nederlands", "neerlandais",
    ],
    "en": [
        "anglophone", "anglophones", "english-speaking", "english speaking", "engelstalig",
        "engelstalige",
    ],
    "de": [
        "germanophone", "germanophones", "german-speaking", "german speaking", "duitstalig",
        "duitstalige", "deutsch",
    ],
    "es": [
        "hispanophone", "hispanophones", "spanish-speaking", "spanish speaking", "spaanstalig",
        "spaanstalige",
    ],
}

# fmt: on


@functools.lru_cache(maxsize=1)
def language_names() -> dict[str, str]:
    """Folded language name (in French, Dutch and English) -> ISO 639-1 code."""
    names: dict[str, str] = {}
    for locale in CHAT_LANGUAGES:
        cldr = Locale(locale).languages
        for code in SERVED_LANGUAGES:
            if code in cldr:
                names[fold(str(cldr[code]))] = code
    for code, adjectives in LANGUAGE_ADJECTIVES.items():
        for adjective in adjectives:
            names[fold(adjective)] = code
    names["norwegian"] = names["norvegien"] = names["noors"] = "no"
    for word in COMMON_WORD_NAMES:
        names[f"het {word}"] = names.pop(word)  # "in het Pools" is still Polish
    return names


# fmt: off

# --- Refinements of a list (channels, support languages) -------------------------------------
# Whether a channel or language named after an estimate is added to the list, taken off it,
# or replaces it (no cue). A removal cue governs the names that follow it in its clause
# ("without chat and email", "sans le téléphone ni le mail") or, for the second list, the name
# before it ("laat het Engels weg"); an addition cue anywhere in the message adds every other
# name ("et si on ajoute le chat ?", "doe er Duits bij"); "only" next to a name replaces.
REMOVE_BEFORE = [
    # en
    "without", "w/o", "except", "apart from", "minus", "no more", "no longer", "drop",
    "dropping", "remove", "removing", "delete", "skip", "leave out", "exclude", "excluding",
    "instead of", "rather than", "replace", "get rid of", "don't need", "do not need",
    "dont need", "no need for", "not", "no",
    # fr
    "sans", "sauf", "hormis", "excepte", "pas de", "pas d'", "pas le", "pas la", "pas les",
    "pas l'", "pas en", "pas besoin de", "pas besoin du", "pas besoin des", "pas besoin d'",
    "plus besoin de", "plus besoin du", "plus besoin des", "plus besoin d'", "enlever",
    "enlevez", "enleve", "enlevons", "retirer", "retirez", "retire", "retirons", "supprimer",
    "supprimez", "supprime", "plus de", "plus d'", "plus du", "au lieu de", "au lieu du",
    "au lieu des", "au lieu d'",
    "a la place de", "a la place du", "a la place des", "remplacer", "remplacez",
    # nl
    "zonder", "behalve", "geen", "niet meer", "niet", "in plaats van", "schrappen", "schrap",
    "verwijder", "verwijderen", "weglaten",
]
REMOVE_AFTER = [
    "weg", "eruit", "schrappen", "laten vallen", "niet meer", "niet nodig", "hoeft niet",
    "hoeven niet", "mag vervallen", "no longer", "not needed", "isn't needed", "is not needed",
    "can go", "can be dropped", "plus necessaire", "pas necessaire", "on l'enleve",
    "on enleve", "on retire", "on le retire", "on la retire", "on supprime", "on l'oublie",
    "a enlever", "a retirer", "on laisse tomber",
]
# Words between a removal cue and the name it governs; a preposition like "with" ends it
# ("replace email with chat" removes email, not chat).
GOVERNED_WORDS = 4
NOT_GOVERNED = [
    "with", "by", "for", "but", "and add", "avec", "par", "pour", "mais", "met", "door", "voor",
    "maar",
]
ADD_CUES = [
    # en
    "add", "adding", "added", "also", "too", "as well", "plus(?! de| d'| du| des| besoin)",
    "extra", "additionally",
    "on top", "in addition", "include", "including",
    # fr
    "ajoute", "ajouter", "ajoutez", "ajoutons", "ajoutant", "ajout", "rajoute", "rajouter",
    "rajoutez", "en plus", "aussi", "egalement", "en supplement", "de plus", "mais avec",
    "inclure", "incluez", "inclus", "incluant",
    # nl
    "ook", "erbij", "bij nemen", "bijnemen", "bij doen", "bijdoen", "toevoegen", "toevoegt",
    "toegevoegd", "voeg", "daarnaast", "bovendien", "maar met", "meenemen",
]
# Dutch "doe er Duits bij", "nemen we er Engels bij": "er" and later "bij".
ADD_SPLIT = r"(?<![\w])er\s+(?:[\w'-]+\s+){1,4}bij(?![\w])"
ONLY_CUES = [
    "only", "solely", "uniquement", "seulement", "rien que", "alleen", "enkel", "uitsluitend",
    "slechts",
]
# fmt: on
