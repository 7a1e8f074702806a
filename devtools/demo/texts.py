"""Word lists and Danish texts for the demo year."""

NAME_WORDS = [
    "Nordlys", "Havblik", "Egebjerg", "Skovbryn", "Fjordlys", "Lindholm", "Kløverbakke",
    "Granit", "Stjerneskud", "Ravnsborg", "Løvspring", "Klitgaard", "Højager", "Møllebakken",
    "Brohus", "Dalgaard", "Vestervang", "Østergaard", "Sølvpil", "Tårnfalk", "Blåmejse",
    "Kornmod", "Lynggaard", "Birkely", "Strandeng", "Elmely", "Solhverv", "Kystlinje",
    "Hvidsten", "Rugmark", "Havnefront", "Nyholm", "Kildevæld", "Bakkedal", "Fyrtårn",
    "Vindrose", "Polarlys", "Mosegaard", "Ankerhus", "Runesten", "Valmue", "Tangen",
]  # fmt: skip
# Trade word: the sector it puts the firm in.
TRADES = {
    "Rådgivning": "Rådgivning", "Consult": "Rådgivning", "Software": "IT og software",
    "Digital": "IT og software", "Data": "IT og software", "Teknik": "Industri",
    "Maskinfabrik": "Industri", "Automation": "Industri", "Design": "Design og kreative erhverv",
    "Logistik": "Transport og logistik", "Transport": "Transport og logistik",
    "Fødevarer": "Fødevarer", "Bryghus": "Fødevarer", "Mejeri": "Fødevarer",
    "Byg": "Bygge og anlæg", "Installation": "Bygge og anlæg", "Energi": "Energi og miljø",
    "Miljøteknik": "Energi og miljø", "Medico": "Life science", "Biotek": "Life science",
    "Handel": "Handel", "Interiør": "Handel", "Turisme": "Turisme og oplevelser",
}  # fmt: skip
SURNAMES = [
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
    "Thomsen", "Poulsen", "Johansen", "Knudsen", "Mortensen", "Møller", "Holm", "Dahl",
    "Bach", "Lund", "Kjær", "Vestergaard", "Skov", "Juhl", "Bertelsen", "Gregersen",
]  # fmt: skip
LEGAL_FORMS = {"ApS": 70, "A/S": 22, "IVS": 8}

TOPICS = [
    "eksport til Tyskland", "eksport til Sverige og Norge", "finansiering af ny produktionslinje",
    "digitalisering af salg og markedsføring", "rekruttering af specialister",
    "ledelse og bestyrelsesarbejde", "generationsskifte", "adgang til risikovillig kapital",
    "automatisering af produktionen", "e-handel", "patentering og IP-rettigheder",
    "skalering af forretningsmodellen", "offentlige udbud", "bæredygtig produktion",
    "internationale partnerskaber", "prissætning og forretningsmodel", "nye markeder i Asien",
]  # fmt: skip
GUIDANCE_TEXTS = [
    "Afklarende vejledningsmøde om {topic}.",
    "Første møde med ejerlederen; drøftede {topic}.",
    "Vejledning om {topic}; henvist til privat rådgiver.",
    "Henvist fra erhvervsservicen {in_municipality}; vejledning om {topic}.",
]
FOLLOW_UP_TEXTS = [
    "Opfølgende samtale om {topic}.",
    "Opfølgning på vækstplanen; status på {topic}.",
]
SHARED_FIRM_TEXTS = [
    "Vejledning om {topic}. Virksomheden er også kunde i {other}; koordineret med dem.",
    "Kontakt via {other} om {topic}; aftalt hvem der følger op.",
]
GROWTH_MAPPING_TEXTS = [
    "Vækstkortlægning gennemført med fokus på {topic}.",
    "Vækstkortlægning: vækstplan udarbejdet; næste skridt er {topic}.",
    "Vækstkortlægning med ejerleder og bestyrelsesformand om {topic}.",
]
GROWTH_COURSE_TEXTS = [
    "Vækstforløb med fokus på {topic}.",
    "Vækstforløb: sparring over tre møder om {topic}.",
]
# Each house's professional area for exchanging services with the other house (a.4a).
PROFESSIONAL_AREAS = {
    "vaeksthus-hovedstaden": "internationalisering og eksport",
    "vaeksthus-sjaelland": "automatisering og produktion",
}
# Title: the goal an event of that theme is linked to (None: no goal).
EVENTS = {
    "Morgenmøde om digitalisering for SMV'er": "b.a",
    "Workshop: Kom i gang med automatisering": "b.a",
    "Temadag om e-handel og digital markedsføring": "b.a",
    "Eksportnetværk: Det tyske marked": "b.b",
    "Informationsmøde om eksportfinansiering med Eksportkreditfonden": "b.b",
    "Markedsmøde med Udenrigsministeriets handelsrådgivere": "b.b",
    "Netværksmøde for vækstiværksættere": "b.c",
    "Workshop om skalering og ledelse": "b.d",
    "Bestyrelsesseminar for ejerledede virksomheder": "b.d",
    "Temamøde om finansiering af vækst": "b.d",
    "Netværksmøde om adgang til kvalificeret arbejdskraft": "b.e",
    "Erhvervsfrokost med den lokale erhvervsservice": "a.1",
    "Fyraftensmøde om generationsskifte": None,
}
LARGE_EVENTS = {
    "vaeksthus-hovedstaden": (
        "Partner i international iværksætterkonference i København med matchmaking "
        "mellem vækstiværksættere og investorer.",
        2400,
    ),
    "vaeksthus-sjaelland": (
        "Medarrangør af international fødevarekonference i Greater Copenhagen.",
        650,
    ),
}
CAPITAL_EVENTS = [
    "Investordag for vækstiværksættere: pitch for business angels og venturefonde.",
    "Kapitaldag i samarbejde med Vækstfonden: mød investorerne.",
    "Pitch-event for vækstiværksættere fra vækstfabrikkerne.",
]
# Goal: what a collaboration towards it may be.
COLLABORATIONS = {
    "a.1": [
        "Samarbejdsaftale med erhvervsservicen {in_municipality} om henvisning af vækstvirksomheder.",
        "Fælles investorservice med Copenhagen Capacity.",
        "Fast mødeforum med kommunernes erhvervschefer om den fælles erhvervsservice.",
        "Koordineringsmøde med de lokale erhvervskontorer om fælles kundeindsats {in_municipality}.",
    ],
    "a.2b": [
        "Samarbejde med universitetets innovationsenhed om spin-outs.",
        "Partnerskab med privat inkubator om vækstiværksættere.",
        "Samarbejde med privat accelerator om internationale start-ups.",
        "Aftale med erhvervsakademiet om studerendes projekter i vækstvirksomheder.",
    ],
    "a.3a": [
        "Fælles kompetenceudvikling i Greater Copenhagen Academy med Region Skåne.",
        "Workshop med Region Skåne om InterReg-ansøgningen.",
        "Erfaringsudveksling med erhvervsfremmeaktører i Skåne.",
        "Fælles kursus for erhvervskonsulenter fra de tre regioner i Greater Copenhagen Academy.",
    ],
}
STARTUPS = [
    "Svensk medtech-start-up etableret {in_municipality} efter forløb med Copenhagen Capacity.",
    "Tysk fintech-start-up åbner kontor {in_municipality}.",
    "Norsk cleantech-start-up flytter sin udvikling til {municipality}.",
    "Hollandsk foodtech-start-up etableret {in_municipality} via privat accelerator.",
    "Finsk software-start-up tiltrukket via universitetssamarbejde; placeret {in_municipality}.",
    "Britisk edtech-start-up vælger {municipality} efter besøg arrangeret med universitetet.",
    "Svensk agritech-start-up etableret {in_municipality} i samarbejde med lokal inkubator.",
]
LABOUR_CASES = [
    "Case: {firm} rekrutterede tre CNC-operatører via jobcentret {in_municipality}.",
    "Case: {firm} fik hjælp til at tiltrække udenlandske ingeniører i samarbejde med kommunen.",
    "Case: {firm} opkvalificerede medarbejdere via voksenefteruddannelse og jobcentret.",
    "Case: {firm} ansatte to ledige akademikere efter fælles indsats med kommunens jobcenter.",
]
ANALYSES = [
    "Analyse: Vækstvirksomheder i Greater Copenhagen 2018.",
    "Analyse af eksportparathed blandt SMV'er.",
    "Analyse af digitaliseringsgraden hos SMV'er.",
    "Analyse: Virksomhedernes adgang til kvalificeret arbejdskraft.",
    "Analyse af kapitaladgangen for vækstiværksættere.",
]
PRESS = [
    "Pressemeddelelse om analysens resultater.",
    "Debatindlæg om virksomhedernes adgang til kvalificeret arbejdskraft.",
    "Interview i regional-tv om vækst i SMV'erne.",
    "Artikel i lokalavisen om en vækstvirksomhed fra kortlægningen.",
    "Kronik om Greater Copenhagen som vækstcentrum.",
    "Pressemøde om årets tal for vækstkortlægninger.",
    "Indslag i regionalradio om eksport blandt små virksomheder.",
    "Pressemeddelelse om ny kapitaldag for vækstiværksættere.",
    "Artikel i erhvervsmagasin om digitalisering i produktionen.",
    "Nyhedsbrev til kommunernes erhvervschefer om halvårets resultater.",
]
PROGRAMMES = {
    "vaeksthus-hovedstaden": (
        "a.4c",
        "Tværregionalt program om internationalisering af vækstvirksomheder, udviklet "
        "sammen med Væksthus Sjælland.",
    ),
    "vaeksthus-sjaelland": (
        "b.a",
        "Fælles program om automatisering og digitalisering af SMV'er, der samtænker "
        "Digitaliseringsboost, Digitaliseringsløft og Vækstløft.",
    ),
}
RETURNED = {
    "vaeksthus-hovedstaden": (
        "press",
        "Omtale i fagblad.",
        "Tilføj et link til artiklen og skriv kort, hvad omtalen handlede om.",
    ),
    "vaeksthus-sjaelland": (
        "guidance",
        "Møde.",
        "Beskrivelsen er for kort: skriv hvad vejledningen handlede om, og hvor "
        "virksomheden blev henvist.",
    ),
}

STATUS_TEXTS = [
    "{house} har i kvartalet arbejdet målrettet med {goal}. Indsatsen følger planen, og "
    "samarbejdet med kommunerne og de øvrige aktører er godt i gang.",
    "Arbejdet med {goal} er fortsat. Enkelte aktiviteter er udskudt til næste kvartal på "
    "grund af kapacitet, men {house} forventer at indhente dem.",
    "{house} har holdt møder med samarbejdspartnerne om {goal}. Næste skridt er aftalt, og "
    "de første resultater kan ses i aktivitetsloggen.",
    "Status for {goal}: fremdriften er tilfredsstillende. {house} har fokus på at "
    "dokumentere resultaterne og dele erfaringerne med det andet væksthus.",
]
