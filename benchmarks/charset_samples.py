"""Sentences written for the charset benchmark (no dev-set text), and the charsets to encode them in."""

# ruff: noqa: E501

SAMPLES = {
    "ja": (
        "東京で大きな地震が発生し、少なくとも十二人が負傷したと消防当局が発表した。鉄道の運行は一時停止され、政府は対策本部を設置した。",
        ["shift_jis", "euc_jp", "iso2022_jp"],
    ),
    "ru": (
        "В Алматы полиция задержала более ста человек после протестов на главной площади. Власти объявили режим чрезвычайного положения.",
        ["koi8_r", "cp1251", "iso8859_5", "cp866"],
    ),
    "uk": (
        "У Києві рятувальники продовжують розбирати завали після нічного обстрілу, повідомили в міській адміністрації.",
        ["cp1251", "koi8_u"],
    ),
    "th": ("เจ้าหน้าที่กู้ภัยได้ช่วยเหลือผู้ประสบภัยน้ำท่วมในจังหวัดเชียงใหม่ออกจากพื้นที่แล้วกว่าสองร้อยคน", ["tis_620", "cp874"]),
    "he": (
        "המשטרה עצרה הבוקר שלושה חשודים בירושלים לאחר עימותים ליד השוק המרכזי, כך נמסר.",
        ["cp1255", "iso8859_8"],
    ),
    "el": (
        "Η αστυνομία συνέλαβε τρία άτομα μετά τις συγκρούσεις στο κέντρο της Αθήνας.",
        ["cp1253", "iso8859_7"],
    ),
    "ar": (
        "أعلنت وزارة الصحة أن عدد المصابين ارتفع إلى خمسين شخصا بعد الانفجار في الميناء.",
        ["cp1256", "iso8859_6"],
    ),
    "pl": (
        "Policja zatrzymała dwóch mężczyzn po zamieszkach w Łodzi; rannych zostało siedmiu funkcjonariuszy.",
        ["cp1250", "iso8859_2"],
    ),
    "cs": (
        "Hasiči zasahovali u požáru skladu v Ostravě, zraněno bylo pět lidí a škoda je vyčíslena na miliony.",
        ["cp1250", "iso8859_2"],
    ),
    "tr": (
        "İstanbul'da şiddetli yağış nedeniyle sel meydana geldi; iki kişi hayatını kaybetti, çok sayıda ev su altında kaldı.",
        ["cp1254", "iso8859_9"],
    ),
    "fr": (
        "Les pompiers ont évacué quarante-deux résidents après l'incendie d'un immeuble à Marseille, a déclaré la préfecture.",
        ["cp1252", "latin_1"],
    ),
    "de": (
        "Die Polizei nahm nach den Ausschreitungen in München zwölf Personen fest; mehrere Beamte wurden verletzt, hieß es.",
        ["cp1252", "latin_1"],
    ),
    "pt": (
        "A polícia informou que três pessoas ficaram feridas após a explosão numa fábrica em São Paulo, segundo os bombeiros.",
        ["cp1252", "latin_1"],
    ),
    "es": (
        "Según el ministerio, más de cien personas resultaron heridas en el terremoto que sacudió la región de Ñuble.",
        ["cp1252", "latin_1"],
    ),
    "sv": (
        "Räddningstjänsten i Göteborg uppger att två personer skadades när en bil körde in i en busskur på söndagen.",
        ["cp1252", "latin_1"],
    ),
    "en": (
        "The minister said “at least 40 people” were hurt — a figure the hospital later revised to 38.",
        ["cp1252"],
    ),
}
# Short Latin-1 texts: where detectors fail.
SHORT = [
    "Café fermé",
    "Straße gesperrt",
    "Ação policial",
    "Niño herido",
    "Grüße aus Köln",
    "São Paulo",
    "Élysée",
    "à bientôt",
    "Mañana",
    "Zürich: 3 Verletzte",
    "crème brûlée",
    "Øresund åben",
    "señal débil",
    "Größe",
    "über",
]
