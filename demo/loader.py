"""Demo content for a first look at the site: sections, authors, stories, images, views.

``load_demo()`` is idempotent. Sections and authors are found by their Arabic
name and stories by ``(source="demo", external_id)``; what already exists is
left as it is, so a second run duplicates nothing and never overwrites an
editor's changes. Only missing pieces are added: a deleted demo story comes
back, a demo story without an image gets one, a public demo story without
views gets some. Content an editor created is never touched.

The stories, names and figures below were written for this project and are
fictional. Images are drawn with Pillow; nothing is downloaded. One story shows what a body
can hold besides text: a library photo, a pull quote, a table and a YouTube video (a box that
loads nothing from YouTube until the reader asks for it).
"""

import io
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageColor, ImageDraw, ImageFilter

from articles.models import Article, Status
from newsroom import embeds
from newsroom.bodyblocks import embed_block, photo_block, pull_quote_block
from photos.library import add_photo
from photos.models import Photo
from popularity.counter import bucket_start, record_view
from popularity.models import HourlyViews
from taxonomy.models import Author, Section

SOURCE = "demo"
EDITOR_USERNAME = "editor"
EDITOR_PASSWORD = "newsroom-demo"
IMAGE_SIZE = (1200, 800)
IMAGE_CREDIT = "رسم توضيحي: قسم الغرافيك"

# key: (name_ar, name_fr, name_en, parent key)
SECTIONS = {
    "national": ("وطني", "National", "National", None),
    "world": ("دولي", "Monde", "World", None),
    "economy": ("اقتصاد", "Économie", "Economy", None),
    "sport": ("رياضة", "Sport", "Sport", None),
    "culture": ("ثقافة", "Culture", "Culture", None),
    "football": ("كرة القدم", "Football", "Football", "sport"),
}

# key: (name_ar, name_fr, bio_ar)
AUTHORS = {
    "nawal": (
        "نوال حدّاد",
        "Nawal Haddad",
        "صحفية بالقسم الوطني، تتابع قضايا التربية والخدمات العمومية والحياة الثقافية.",
    ),
    "salima": (
        "سليمة بن عمّار",
        "Salima Benammar",
        "صحفية مختصة في الشأن الاقتصادي والعلاقات المغاربية، تكتب عن الاستثمار والتجارة الخارجية.",
    ),
    "karim": (
        "كريم زروقي",
        "Karim Zerrouki",
        "صحفي رياضي يغطي البطولة الوطنية لكرة القدم وألعاب القوى منذ أكثر من عشر سنوات.",
    ),
}

# Per section: gradient start, gradient end, accent, and the colour's name for the alt text.
PALETTES = {
    "national": ("#0b4f45", "#2f9c8a", "#f08a5d", "فيروزية"),
    "world": ("#14305c", "#3f79c4", "#f2c14e", "زرقاء"),
    "economy": ("#6b3f0a", "#d99a2b", "#2f8f83", "ذهبية"),
    "sport": ("#7d2410", "#e0683a", "#2a4d8f", "برتقالية"),
    "football": ("#14532d", "#4caf50", "#f5d547", "خضراء"),
    "culture": ("#3f1d5c", "#9b59b6", "#f0a04b", "بنفسجية"),
}
MOTIFS = {"circles": "دوائر شفافة متداخلة", "bands": "أشرطة مائلة شفافة"}


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _table(head, *rows):
    cells = "".join(f"<th>{text}</th>" for text in head)
    body = "".join("<tr>" + "".join(f"<td>{text}</td>" for text in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


# Where a story's photo from the library goes in its body ("body_photo" says what it shows).
BODY_PHOTO = "{body_photo}"
# Big Buck Bunny, the Blender Foundation's open short film, on its own YouTube channel: a stand-in
# for the news video a real story would embed.
DEMO_VIDEO = embeds.match("https://www.youtube.com/watch?v=aqz-KE-bpKQ")


# ``hours_ago``: when it was published; ``views``: reader views to seed.
STORIES = [
    {
        "key": "storm-alert",
        "section": "national",
        "hours_ago": 1.5,
        "byline": "وكالة الأنباء",
        "is_breaking": True,
        "front_page_position": 2,
        "views": 190,
        "motif": "bands",
        "tags": ["الأرصاد الجوية", "الحماية المدنية", "قسنطينة"],
        "headline": "نشرية خاصة: أمطار رعدية غزيرة على ولايات شرق البلاد ابتداء من مساء اليوم",
        "deck": "مصالح الأرصاد الجوية تتوقع كميات تتراوح بين 40 و60 ملم وتدعو مستعملي الطرقات إلى الحذر",
        "lead": "الحماية المدنية تضع وحداتها في حالة تأهب تحسبا لارتفاع منسوب الأودية.",
        "body": _p(
            "حذّرت مصالح الأرصاد الجوية، في نشرية خاصة صدرت ظهر اليوم، من أمطار رعدية غزيرة ستمسّ "
            "عددا من ولايات شرق البلاد، من بينها قسنطينة وسكيكدة وجيجل وقالمة، ابتداء من الساعة "
            "السادسة مساء وإلى غاية صباح الغد.",
            "وحسب النشرية، قد تتراوح كميات الأمطار بين 40 و60 ملم، مصحوبة أحيانا بتساقط حبات البَرَد "
            "ورياح قوية قد تبلغ سرعتها 70 كلم في الساعة أثناء العواصف. ودعت المصالح ذاتها مستعملي "
            "الطرقات إلى تخفيض السرعة وتفادي التنقل غير الضروري خلال ساعات الليل.",
            "من جهتها، أعلنت الحماية المدنية عن وضع وحداتها في حالة تأهب، مع تعزيز فرق الإنقاذ "
            "المتخصصة في الأماكن التي تعرف عادة ارتفاعا سريعا في منسوب الأودية، وذكّرت المواطنين "
            "بضرورة الاتصال بالرقم 14 عند أي طارئ.",
        ),
        "image_caption": "سحب رعدية كثيفة متوقعة فوق المرتفعات الشرقية خلال الساعات المقبلة",
    },
    {
        "key": "desalination-oran",
        "section": "national",
        "hours_ago": 3,
        "authors": ["nawal"],
        "front_page_position": 1,
        "views": 160,
        "motif": "circles",
        "tags": ["وهران", "المياه", "تحلية مياه البحر"],
        "headline": "محطة جديدة لتحلية مياه البحر تدخل الخدمة غرب وهران",
        "deck": "المنشأة ستضخ 300 ألف متر مكعب يوميا وتنهي نظام التوزيع بالتناوب في عشرات الأحياء",
        "lead": "بعد ثلاث سنوات من الأشغال، بدأت المحطة في ضخ أولى كمياتها نحو شبكة التوزيع قبل حلول الصيف.",
        "body": _p(
            "دخلت محطة تحلية مياه البحر الجديدة بالساحل الغربي لولاية وهران مرحلة الاستغلال الفعلي "
            "صباح اليوم، بعد أسابيع من التجارب التقنية. وتبلغ الطاقة الإنتاجية للمنشأة 300 ألف متر "
            "مكعب يوميا، ما يجعلها من أكبر المحطات من نوعها في المنطقة.",
            "وأوضح مدير المشروع، المهندس رضا بلقاسمي، أن المرحلة الأولى تشمل تزويد البلديات الغربية "
            "للولاية، على أن تُربط الأحياء الشرقية بالشبكة تدريجيا قبل نهاية شهر جوان. وأضاف أن "
            "المحطة تعتمد تقنية التناضح العكسي (Reverse Osmosis) وأنظمة لاسترجاع الطاقة تقلّص "
            "استهلاك الكهرباء بنحو الثلث.",
        )
        + BODY_PHOTO
        + _table(
            ("المرحلة", "الأحياء والبلديات", "الموعد", "الكمية اليومية (م³)"),
            ("الأولى", "البلديات الغربية", "ابتداء من اليوم", "150 ألف"),
            ("الثانية", "الأحياء الشرقية", "قبل نهاية جوان", "100 ألف"),
            ("الثالثة", "الأقطاب العمرانية الجديدة", "الخريف المقبل", "50 ألف"),
        )
        + _p(
            "ويترقب سكان عدد من الأحياء نهاية نظام التوزيع بالتناوب الذي فُرض عليهم منذ الصيف "
            "الماضي، حين كانت المياه تصل إلى الحنفيات يوما من كل يومين. وقالت إحدى المواطنات إن "
            "العائلات «تعبت من تخزين المياه في الصهاريج والقارورات».",
        )
        + pull_quote_block("تعبنا من تخزين المياه في الصهاريج والقارورات", "مواطنة من حي الصباح بوهران")
        + _p(
            "من جهتها، تؤكد مصالح الري أن المحطة ستسمح أيضا بتخفيف الضغط على السدود والمياه "
            "الجوفية، التي تراجع منسوبها بشكل ملحوظ خلال مواسم الجفاف المتتالية.",
        )
        + embed_block(DEMO_VIDEO, "فيديو للعرض فقط: فيلم قصير مفتوح المصدر من مؤسسة Blender، لا صلة له بالخبر"),
        "body_photo": {
            "caption": "أحواض الترشيح الأولي قبل مرحلة التناضح العكسي",
            "caption_fr": "Les bassins de préfiltration, avant l'osmose inverse",
            "motif": "bands",
        },
        "image_caption": "المحطة الجديدة ستزوّد البلديات الغربية لوهران في مرحلة أولى",
        "fr": {
            "headline": "Une nouvelle station de dessalement entre en service à l'ouest d'Oran",
            "deck": "L'installation produira 300 000 mètres cubes par jour et mettra fin à la distribution "
            "par alternance dans des dizaines de quartiers",
            "lead": "Après trois ans de travaux, la station a commencé à alimenter le réseau avant l'été.",
            "body": _p(
                "La nouvelle station de dessalement d'eau de mer de la côte ouest de la wilaya d'Oran est "
                "entrée en exploitation ce matin, après plusieurs semaines d'essais techniques. D'une "
                "capacité de 300 000 mètres cubes par jour, elle compte parmi les plus grandes de la région.",
                "Selon le directeur du projet, l'ingénieur Réda Belkacemi, la première phase concerne les "
                "communes de l'ouest de la wilaya ; les quartiers de l'est seront raccordés progressivement "
                "d'ici la fin du mois de juin. La station utilise l'osmose inverse et des systèmes de "
                "récupération d'énergie qui réduisent d'un tiers sa consommation d'électricité.",
            )
            + BODY_PHOTO
            + _p(
                "Les habitants de nombreux quartiers attendent la fin de la distribution par alternance "
                "imposée depuis l'été dernier, quand l'eau n'arrivait au robinet qu'un jour sur deux. "
                "« Les familles sont fatiguées de stocker l'eau dans des citernes et des bouteilles », "
                "témoigne une habitante.",
                "Les services de l'hydraulique soulignent que la station allégera aussi la pression sur "
                "les barrages et les nappes souterraines, dont le niveau a nettement baissé au fil des "
                "saisons sèches successives.",
            ),
        },
    },
    {
        "key": "dates-export",
        "section": "economy",
        "hours_ago": 9,
        "authors": ["salima"],
        "front_page_position": 3,
        "views": 95,
        "motif": "circles",
        "tags": ["التمور", "التصدير", "الفلاحة", "بسكرة"],
        "headline": "صادرات التمور تبلغ مستوى قياسيا والمنتجون يطالبون بوحدات للتبريد",
        "deck": "صنف دقلة نور يستحوذ على أكثر من ثلثي الكميات المصدّرة نحو أوروبا وآسيا",
        "lead": "المهنيون يرون أن نقص غرف التبريد يحرم الفلاحين من جزء معتبر من قيمة المنتوج.",
        "body": _p(
            "سجّلت صادرات التمور خلال الموسم الفلاحي الأخير مستوى غير مسبوق، بعدما تجاوزت الكميات "
            "المصدّرة 90 ألف طن، وفق أرقام عرضها مهنيو الشعبة خلال لقاء احتضنته مدينة بسكرة.",
            "ويستحوذ صنف «دقلة نور» (Deglet Nour) على أكثر من ثلثي هذه الكميات، فيما بدأت أصناف "
            "أخرى أقل شهرة تجد طريقها إلى أسواق جديدة في آسيا وأوروبا الشرقية، بفضل مشاركة "
            "المصدّرين في معارض دولية متخصصة.",
            "غير أن المنتجين يؤكدون أن هذه الأرقام تخفي صعوبات في سلسلة التوزيع، أبرزها نقص وحدات "
            "التبريد والتوضيب قرب مناطق الإنتاج. ويقول الفلاح عبد الحميد سعداوي، الذي يملك بستانا "
            "يضم 600 نخلة بضواحي طولقة، إن جزءا من المحصول «يُباع بأسعار زهيدة لأننا لا نستطيع "
            "تخزينه أكثر من أسابيع قليلة».",
            "وتعمل السلطات المحلية، حسب مسؤولين في القطاع، على مرافقة المستثمرين لإنجاز وحدات تبريد "
            "جديدة قبل انطلاق موسم الجني المقبل في شهر أكتوبر.",
        ),
        "image_caption": "موسم الجني في واحات الزيبان يمتد من أكتوبر إلى ديسمبر",
        "fr": {
            "headline": "Les exportations de dattes atteignent un record, les producteurs réclament "
            "des chambres froides",
            "deck": "La Deglet Nour représente plus des deux tiers des volumes exportés vers l'Europe et l'Asie",
            "lead": "Selon les professionnels, le manque de chambres froides prive les agriculteurs "
            "d'une part importante de la valeur de leur production.",
            "body": _p(
                "Les exportations de dattes ont atteint un niveau inédit lors de la dernière campagne, "
                "dépassant 90 000 tonnes selon les chiffres présentés par les professionnels de la "
                "filière lors d'une rencontre à Biskra.",
                "La Deglet Nour représente plus des deux tiers de ces volumes, tandis que d'autres "
                "variétés moins connues trouvent de nouveaux débouchés en Asie et en Europe de l'Est, "
                "grâce à la présence des exportateurs dans des salons spécialisés.",
                "Mais ces chiffres cachent des difficultés : le manque d'unités de froid et de "
                "conditionnement près des zones de production. Abdelhamid Saadaoui, qui possède une "
                "palmeraie de 600 palmiers près de Tolga, explique qu'une partie de la récolte « est "
                "vendue à bas prix parce que nous ne pouvons pas la stocker plus de quelques semaines ».",
                "Les autorités locales accompagnent les investisseurs pour réaliser de nouvelles chambres "
                "froides avant la prochaine récolte, en octobre.",
            ),
        },
    },
    {
        "key": "cup-semifinal",
        "section": "football",
        "hours_ago": 14,
        "authors": ["karim"],
        "front_page_position": 4,
        "views": 210,
        "motif": "bands",
        "tags": ["كأس الجمهورية", "اتحاد الساحل", "شباب الهضاب"],
        "headline": "اتحاد الساحل يبلغ نهائي الكأس بعد ركلات الترجيح",
        "deck": "الحارس يوسف مداني يتصدى لركلتين ويقود فريقه إلى النهائي الأول منذ 11 عاما",
        "lead": "المباراة انتهت في وقتيها الأصلي والإضافي بالتعادل هدفا لمثله.",
        "body": _p(
            "تأهل اتحاد الساحل إلى نهائي كأس الجمهورية، بعد فوزه على شباب الهضاب بركلات الترجيح "
            "(4-2)، إثر تعادل الفريقين هدفا لمثله في الوقتين الأصلي والإضافي، في مباراة احتضنها "
            "ملعب مكتظ بالجماهير مساء أمس.",
            "وافتتح الضيوف باب التسجيل في الدقيقة 23 عن طريق رأسية مهاجمهم إلياس تواتي، قبل أن يعدّل "
            "أصحاب الأرض النتيجة في الدقيقة 67 بتسديدة قوية من خارج منطقة العمليات وقّعها المدافع "
            "أمين شرفي.",
            "وفي ركلات الترجيح، تألق الحارس يوسف مداني بتصديه لركلتين، ليقود فريقه إلى النهائي الأول "
            "منذ 11 عاما. وقال مداني بعد اللقاء: «درسنا طريقة تنفيذ لاعبي المنافس طوال الأسبوع، "
            "والحمد لله نجحنا».",
            "ويلتقي اتحاد الساحل في النهائي الفائز من مواجهة الغد، على أن يُحدَّد موعد المباراة "
            "النهائية وملعبها خلال الأيام المقبلة.",
        ),
        "image_caption": "فرحة لاعبي اتحاد الساحل بعد التأهل إلى النهائي",
    },
    {
        "key": "maghreb-rail",
        "section": "world",
        "hours_ago": 20,
        "authors": ["salima"],
        "views": 45,
        "motif": "bands",
        "tags": ["المغرب العربي", "النقل", "السكك الحديدية"],
        "headline": "مشروع الربط السككي المغاربي يعود إلى طاولة النقاش في تونس",
        "deck": "خبراء من خمس دول يبحثون تمويل المقاطع الناقصة وتوحيد المعايير التقنية",
        "lead": "الاجتماع التقني خلص إلى إعداد دراسة جدوى محيّنة قبل نهاية السنة.",
        "body": _p(
            "احتضنت العاصمة التونسية، على مدى يومين، اجتماعا تقنيا لخبراء النقل من بلدان المغرب "
            "العربي الخمسة، خُصّص لبحث إعادة بعث مشروع الربط السككي الذي يمتد، على الورق، من "
            "نواكشوط إلى طرابلس على مسافة تفوق 5 آلاف كيلومتر.",
            "وناقش المشاركون سبل تمويل المقاطع الناقصة وتوحيد المعايير التقنية، إذ تختلف أنظمة "
            "الإشارات والتزويد بالكهرباء من بلد إلى آخر. وقدّم ممثل إحدى الهيئات المالية الإقليمية "
            "عرضا حول صيغ الشراكة بين القطاعين العام والخاص (PPP) التي اعتُمدت في مشاريع مماثلة بإفريقيا.",
            "وخلص الاجتماع إلى تكليف لجنة مشتركة بإعداد دراسة جدوى محيّنة تُعرض على وزراء النقل قبل "
            "نهاية شهر ديسمبر، تتضمن تقديرات جديدة للكلفة ولحجم حركة المسافرين والبضائع المتوقعة.",
            "ويرى متابعون أن المشروع، الذي طُرح لأول مرة قبل عقود، يبقى رهينا بالإرادة السياسية، غير "
            "أن ارتفاع كلفة النقل البري وتزايد المبادلات التجارية بين بلدان المنطقة أعادا إليه بعض الزخم.",
        ),
        "image_caption": "خط السكة الحديدية الساحلي أحد المقاطع المرشحة للتحديث",
    },
    {
        "key": "book-fair",
        "section": "culture",
        "hours_ago": 26,
        "authors": ["nawal"],
        "views": 120,
        "motif": "circles",
        "tags": ["صالون الكتاب", "النشر", "أدب الطفل"],
        "headline": "صالون الكتاب يفتح أبوابه بمشاركة أكثر من 40 دولة",
        "deck": "أكثر من ألف ناشر وبرنامج ثقافي يضع أدب الطفل والترجمة في الواجهة",
        "lead": "الطبعة الجديدة تتواصل على مدى عشرة أيام وتفتح أبوابها يوميا من العاشرة صباحا.",
        "body": _p(
            "افتُتحت، صباح اليوم، فعاليات الطبعة الجديدة من الصالون الدولي للكتاب، بمشاركة أكثر من "
            "1000 دار نشر تمثل ما يزيد عن 40 دولة، على أن تتواصل على مدى عشرة أيام.",
            "ويضع البرنامج الثقافي لهذه الطبعة أدب الطفل والترجمة في الواجهة، من خلال ورشات قراءة "
            "موجهة للتلاميذ، وندوات حول ترجمة الأدب المغاربي إلى اللغات الإفريقية والآسيوية. كما "
            "تشارك دور نشر ناطقة بالفرنسية، على غرار «Éditions du Grand Erg»، بإصدارات جديدة في "
            "الرواية والتاريخ.",
            "وقالت الروائية خديجة لعمامرة، التي توقّع روايتها الجديدة «بيت على حافة الوادي»، إن "
            "الصالون «يبقى الموعد الذي يلتقي فيه الكاتب بقرائه وجها لوجه بهذا العدد».",
            "ويشكو بعض الزوار في المقابل من ارتفاع أسعار الكتب المستوردة، فيما أعلن عدد من الناشرين "
            "المحليين عن تخفيضات تصل إلى 30 بالمائة على إصداراتهم طيلة أيام المعرض.",
        ),
        "image_caption": "أجنحة الناشرين تستقبل الزوار منذ الساعات الأولى للافتتاح",
        "fr": {
            "headline": "Le Salon du livre ouvre ses portes avec plus de 40 pays",
            "deck": "Plus de mille éditeurs et un programme culturel qui met en avant la littérature "
            "jeunesse et la traduction",
            "lead": "La nouvelle édition dure dix jours et ouvre ses portes chaque jour à 10 heures.",
            "body": _p(
                "La nouvelle édition du Salon international du livre s'est ouverte ce matin avec plus "
                "de 1 000 maisons d'édition venues de plus de 40 pays. Elle se poursuivra pendant dix jours.",
                "Le programme culturel met en avant la littérature jeunesse et la traduction : ateliers "
                "de lecture pour les élèves et tables rondes sur la traduction de la littérature "
                "maghrébine vers les langues africaines et asiatiques. Des éditeurs francophones, comme "
                "les Éditions du Grand Erg, présentent leurs nouveautés en roman et en histoire.",
                "« Le salon reste le rendez-vous où l'écrivain rencontre autant de lecteurs face à "
                "face », estime la romancière Khadidja Laamamra, qui dédicace son nouveau roman, "
                "« Une maison au bord de l'oued ».",
                "Certains visiteurs regrettent toutefois le prix élevé des livres importés, tandis que "
                "plusieurs éditeurs locaux annoncent des remises allant jusqu'à 30 % pendant toute la "
                "durée du salon.",
            ),
        },
    },
    {
        "key": "school-digital",
        "section": "national",
        "hours_ago": 31,
        "authors": ["nawal"],
        "views": 140,
        "motif": "bands",
        "tags": ["التربية", "الرقمنة", "الدخول المدرسي"],
        "headline": "رقمنة التسجيلات المدرسية: منصة موحدة للأولياء بداية من سبتمبر",
        "deck": "الأولياء سيتمكنون من تسجيل أبنائهم ومتابعة نتائجهم دون التنقل إلى المؤسسات التعليمية",
        "lead": "المنصة تُجرَّب حاليا في خمس ولايات قبل تعميمها على كامل التراب الوطني.",
        "body": _p(
            "أعلنت وزارة التربية الوطنية عن إطلاق منصة رقمية موحدة للتسجيلات المدرسية، يُنتظر أن "
            "تدخل حيز الخدمة رسميا مع الدخول المدرسي المقبل في شهر سبتمبر. وتسمح المنصة للأولياء "
            "بتسجيل أبنائهم في السنة الأولى ابتدائي، وطلب التحويل بين المؤسسات، وتحميل كشوف النقاط.",
            "وتجري تجربة المنصة حاليا في خمس ولايات نموذجية، حيث سُجّل عبرها أكثر من 42 ألف تلميذ. "
            "وحسب القائمين على المشروع، فإن نسبة الطلبات التي عولجت دون حاجة الولي إلى التنقل إلى "
            "المؤسسة تجاوزت 85 بالمائة.",
            "ويرى ممثلو جمعيات أولياء التلاميذ أن الخطوة «إيجابية ومنتظرة منذ سنوات»، لكنهم يطالبون "
            "بمرافقة العائلات في المناطق التي تعاني من ضعف تغطية الإنترنت، واقترحوا فتح شبابيك "
            "مساعدة داخل المدارس خلال فترة التسجيل.",
            "وتؤكد الوزارة أن المعطيات الشخصية للتلاميذ تُحفظ في خوادم وطنية، وأن الولوج إلى الحساب "
            "يتم برمز سري يُسلَّم لكل ولي.",
        ),
        "image_caption": "المنصة الجديدة تسمح بإتمام التسجيل من الهاتف أو الحاسوب",
    },
    {
        "key": "startup-fund",
        "section": "economy",
        "hours_ago": 45,
        "authors": ["salima"],
        "views": 70,
        "motif": "circles",
        "tags": ["المؤسسات الناشئة", "الاستثمار", "الرقمنة"],
        "headline": "صندوق جديد لتمويل المؤسسات الناشئة يطلق أول دعوة للترشح",
        "deck": "المشاريع المختارة ستستفيد من تمويل يصل إلى 20 مليون دينار ومرافقة لمدة سنة",
        "lead": "الأولوية لمشاريع الفلاحة الذكية والطاقات المتجددة والخدمات الرقمية.",
        "body": _p(
            "أطلق صندوق استثماري جديد مخصص للمؤسسات الناشئة، أمس، أول دعوة للترشح مفتوحة أمام الشباب "
            "حاملي المشاريع المبتكرة، تبقى مفتوحة لمدة ستين يوما.",
            "ويمكن للمشاريع المختارة الحصول على تمويل يصل إلى 20 مليون دينار في شكل مساهمة في رأس "
            "المال، إضافة إلى مرافقة تقنية وقانونية لمدة سنة كاملة داخل حاضنة أعمال.",
        )
        + "<blockquote><p>«لا نبحث عن أفكار على الورق فقط، بل عن فرق قادرة على تحويل الفكرة إلى "
        "منتوج يجد زبائنه في السوق المحلية أولا، ثم خارجها.»</p></blockquote>"
        + _p(
            "بهذه العبارة لخّصت مديرة الصندوق، ليلى مرابط، فلسفة المبادرة، مشيرة إلى أن لجنة التقييم "
            "ستولي أهمية خاصة لمشاريع الفلاحة الذكية والطاقات المتجددة والخدمات الرقمية.",
            "ومن بين المؤسسات التي استفادت من برنامج تجريبي سابق، منصة «Tadwir» لجمع النفايات "
            "القابلة للرسكلة، التي انتقل عدد زبائنها من 50 إلى أكثر من 3 آلاف أسرة في أقل من عامين.",
        ),
        "image_caption": "حاضنات الأعمال ترافق أصحاب المشاريع خلال السنة الأولى",
    },
    {
        "key": "sahel-drought",
        "section": "world",
        "hours_ago": 60,
        "byline": "وكالة الأنباء",
        "views": 30,
        "motif": "circles",
        "tags": ["الساحل", "الجفاف", "الأمن الغذائي"],
        "headline": "منظمات إنسانية تحذّر من موسم جاف ثالث على التوالي في منطقة الساحل",
        "deck": "تقرير مشترك يقدّر عدد المحتاجين إلى مساعدة غذائية بأكثر من 12 مليون شخص",
        "lead": "المنظمات تدعو إلى تمويل عاجل لبرامج حفر الآبار ودعم مربي المواشي.",
        "body": _p(
            "حذّرت منظمات إنسانية، في تقرير مشترك نُشر أمس، من أن منطقة الساحل الإفريقي مقبلة على "
            "موسم جاف ثالث على التوالي، بعد تسجيل تساقطات تقل بنحو 30 بالمائة عن المعدل في عدة "
            "مناطق رعوية.",
            "ويقدّر التقرير، الذي أعدّه ائتلاف «Sahel Solidarité» بالتعاون مع جمعيات محلية، أن أكثر "
            "من 12 مليون شخص سيحتاجون إلى مساعدة غذائية خلال الأشهر المقبلة، أغلبهم من الأسر "
            "الريفية التي تعتمد على الرعي والزراعة المطرية.",
            "وأشار التقرير إلى أن نفوق الماشية وارتفاع أسعار الأعلاف دفعا بآلاف العائلات إلى النزوح "
            "نحو المدن الصغيرة، ما يزيد الضغط على الخدمات الصحية ومصادر المياه فيها.",
            "ودعت المنظمات المانحين إلى تمويل عاجل لبرامج حفر الآبار وتوزيع البذور المقاومة للجفاف، "
            "مؤكدة أن «كل شهر تأخير يرفع كلفة الاستجابة ويضاعف المعاناة».",
        ),
        "image_caption": "نقاط المياه في المناطق الرعوية تشهد ضغطا متزايدا",
    },
    {
        "key": "athletics-madrid",
        "section": "sport",
        "hours_ago": 72,
        "authors": ["karim"],
        "views": 85,
        "motif": "bands",
        "tags": ["ألعاب القوى", "سطيف", "الرياضة النسوية"],
        "headline": "عدّاءة جزائرية شابة تحطم الرقم الوطني للآمال في سباق 1500 متر بمدريد",
        "deck": "سارة بوزيان (20 عاما) أنهت السباق في المركز الثاني وضمنت مكانها في البطولة الإفريقية",
        "lead": "التوقيت الجديد يحسّن الرقم السابق لهذه الفئة بأكثر من ثانيتين.",
        "body": _p(
            "حطمت العدّاءة الجزائرية الشابة سارة بوزيان الرقم الوطني لفئة الآمال في سباق 1500 متر، "
            "بعدما قطعت المسافة في 4 دقائق و3.41 ثانية، خلال ملتقى مدريد الدولي لألعاب القوى "
            "(Meeting de Madrid) الذي جرى مساء السبت.",
            "واحتلت ابنة العشرين عاما المركز الثاني في سباق عرف مشاركة عدد من أفضل عدّاءات "
            "المسافات المتوسطة. وبهذا التوقيت، ضمنت بوزيان مشاركتها في البطولة الإفريقية المقررة "
            "في شهر جويلية.",
            "وقال مدربها، محمد الأمين قادري، عقب السباق إن هذا الإنجاز «ثمرة عمل بدأ قبل أربع سنوات "
            "في ملعب صغير بمدينة سطيف»، مضيفا أن العدّاءة ما تزال قادرة على التحسن في الأمتار "
            "الأخيرة من السباق.",
        ),
        "image_caption": "بوزيان في الأمتار الأخيرة من السباق",
    },
    {
        "key": "coach-youth",
        "section": "football",
        "hours_ago": 100,
        "authors": ["karim"],
        "views": 55,
        "motif": "circles",
        "tags": ["شباب الهضاب", "المدربون"],
        "headline": "مدرب شباب الهضاب الجديد: «هدفنا منح الفرصة لأبناء مدرسة النادي»",
        "deck": "التقني القادم من فئة أقل من 19 سنة يعد بفريق شاب ويراهن على اللعب الهجومي",
        "lead": "إدارة النادي منحت المدرب الجديد عقدا لموسمين.",
        "body": _p(
            "كشفت إدارة شباب الهضاب، أمس، عن اسم مدربها الجديد، التقني نور الدين عيساوي، الذي كان "
            "يشرف على فريق أقل من 19 سنة بالنادي، خلفا للمدرب السابق الذي استقال الأسبوع الماضي "
            "إثر سلسلة من النتائج السلبية.",
            "وفي أول ندوة صحفية له، أكد عيساوي أن مشروعه يقوم على «منح الفرصة لأبناء مدرسة النادي»، "
            "مشيرا إلى أن ستة لاعبين من فئة الأواسط سيلتحقون بتدريبات الفريق الأول ابتداء من "
            "الأسبوع المقبل.",
            "ويحتل الفريق حاليا المرتبة الثامنة في جدول الترتيب برصيد 24 نقطة، ولا يبتعد إلا بسبع "
            "نقاط عن المراكز المؤهلة للمنافسات القارية. وقال المدرب: «الموسم لم ينته بعد، وأمامنا "
            "14 جولة كاملة».",
        ),
        "image_caption": "نور الدين عيساوي خلال أول حصة تدريبية مع الفريق الأول",
    },
    {
        "key": "malouf-festival",
        "section": "culture",
        "hours_ago": 130,
        "byline": "مراسلنا في قسنطينة",
        "views": 38,
        "motif": "circles",
        "tags": ["المالوف", "قسنطينة", "الموسيقى الأندلسية"],
        "headline": "مهرجان المالوف بقسنطينة يكرّم شيوخ الطرب الأندلسي",
        "deck": "سهرة الافتتاح استقطبت جمهورا غفيرا وفرقا شابة من تلمسان والبليدة وتونس",
        "lead": "الدورة الحالية تخصص ورشات لتعليم العزف على العود والكمان لفائدة الأطفال.",
        "body": _p(
            "انطلقت بمدينة قسنطينة فعاليات المهرجان الثقافي للمالوف، بسهرة افتتاحية خُصّصت لتكريم "
            "عدد من شيوخ الطرب الأندلسي الذين حافظوا على هذا التراث الموسيقي ونقلوه إلى الأجيال الجديدة.",
            "وشهدت السهرة الأولى مشاركة فرق شابة قادمة من تلمسان والبليدة، إلى جانب فرقة ضيفة من تونس "
            "قدّمت وصلات من النوبة التونسية، في حوار موسيقي بين مدارس المغرب العربي.",
            "وتتضمن الدورة الحالية ورشات لتعليم العزف على العود والكمان لفائدة أكثر من 120 طفلا، إلى "
            "جانب محاضرات حول تدوين النوبات يؤطرها باحثون في علم موسيقى الشعوب (ethnomusicologie) "
            "من جامعات جزائرية وأجنبية.",
            "ويقول محافظ المهرجان إن الهدف هو «أن يخرج المالوف من قاعات الحفلات إلى المدارس "
            "والأحياء»، معلنا عن سهرات مجانية في الساحات العمومية طيلة أيام التظاهرة.",
        ),
        "image_caption": "فرقة شابة خلال سهرة الافتتاح",
    },
    # Not public: they show the editorial workflow in the admin.
    {
        "key": "tram-extension",
        "section": "national",
        "status": Status.DRAFT,
        "authors": ["nawal"],
        "motif": "bands",
        "tags": ["الترامواي", "النقل"],
        "headline": "توسعة خط الترامواي نحو الأحياء الجديدة: الأشغال تنطلق قبل نهاية السنة",
        "deck": "المقطع الجديد يمتد على 9 كيلومترات ويضم 12 محطة",
        "lead": "في انتظار تأكيد رسمي لتاريخ انطلاق الأشغال.",
        "body": _p(
            "من المنتظر أن تنطلق أشغال توسعة خط الترامواي نحو الأحياء السكنية الجديدة قبل نهاية شهر "
            "ديسمبر، وفق ما علمته الجريدة من مصادر بمديرية النقل.",
            "ويمتد المقطع الجديد على مسافة 9 كيلومترات ويضم 12 محطة، من بينها محطة تبادل مع خطوط "
            "الحافلات الحضرية ومحطة قريبة من القطب الجامعي.",
            "[للتحقق قبل النشر: كلفة المشروع ومدة الإنجاز — في انتظار رد مديرية النقل]",
        ),
        "image_caption": "مسار التوسعة المقترح نحو الأحياء الجديدة",
    },
    {
        "key": "finance-bill",
        "section": "economy",
        "status": Status.SCHEDULED,
        "hours_ago": -48,
        "authors": ["salima"],
        "motif": "circles",
        "tags": ["قانون المالية", "القدرة الشرائية"],
        "headline": "قراءة في مشروع قانون المالية: ما الذي يتغير بالنسبة للأسر؟",
        "deck": "إعفاءات ضريبية لذوي الدخل المحدود ورفع طفيف في بعض الرسوم",
        "lead": "تحليل لأبرز الإجراءات التي تمس القدرة الشرائية.",
        "body": _p(
            "يتضمن مشروع قانون المالية للسنة المقبلة جملة من الإجراءات التي تمس مباشرة ميزانية الأسر، "
            "أبرزها رفع عتبة الإعفاء من الضريبة على الدخل الإجمالي لفائدة ذوي الأجور المحدودة.",
            "في المقابل، ينص المشروع على رفع طفيف في بعض الرسوم على المنتجات المستوردة غير الأساسية، "
            "وهو ما يرى فيه خبراء محاولة لتشجيع الإنتاج المحلي وتقليص فاتورة الاستيراد.",
            "ويُنتظر أن يُعرض النص على النواب للمناقشة قبل التصويت عليه في شهر نوفمبر.",
        ),
        "image_caption": "أسعار المواد الاستهلاكية في صلب النقاش حول قانون المالية",
    },
]


@dataclass
class Report:
    sections_created: int = 0
    sections_existing: int = 0
    authors_created: int = 0
    authors_existing: int = 0
    stories_created: int = 0
    stories_existing: int = 0
    images_generated: int = 0
    views_recorded: int = 0
    view_buckets: int = 0
    editor_created: bool = False
    statuses: Counter = field(default_factory=Counter)

    def lines(self, site_url="http://127.0.0.1:8000/"):
        by_status = ", ".join(f"{count} {status}" for status, count in sorted(self.statuses.items()))
        return [
            "Demo content loaded.",
            f"  sections: {self.sections_created} created, {self.sections_existing} already there",
            f"  authors:  {self.authors_created} created, {self.authors_existing} already there",
            f"  stories:  {self.stories_created} created, {self.stories_existing} already there ({by_status})",
            f"  images:   {self.images_generated} generated",
            f"  views:    {self.views_recorded} recorded in {self.view_buckets} hourly buckets",
            f"  editor account: {'created' if self.editor_created else 'already there'}, password reset",
            "",
            f"Site:  {site_url}",
            f"Admin: {site_url}admin/",
            f"Login: username {EDITOR_USERNAME!r}, password {EDITOR_PASSWORD!r}",
        ]


def load_demo(now=None):
    """Create whatever demo content is missing; returns a ``Report``."""
    now = now or timezone.now()
    report = Report()
    with transaction.atomic():
        editor = ensure_editor(report)
        sections = ensure_sections(report)
        authors = ensure_authors(report)
        stories = ensure_stories(report, sections, authors, editor, now)
        ensure_images(report, stories)
        ensure_views(report, stories, now)
    return report


def ensure_editor(report):
    User = get_user_model()
    editor, report.editor_created = User.objects.get_or_create(username=EDITOR_USERNAME)
    editor.is_staff = editor.is_superuser = editor.is_active = True
    # Reset on every run, so the login printed at the end always works.
    editor.set_password(EDITOR_PASSWORD)
    editor.save()
    return editor


def ensure_sections(report):
    sections = {}
    for position, (key, (name_ar, name_fr, name_en, parent_key)) in enumerate(SECTIONS.items(), start=1):
        section = Section.objects.filter(name_ar=name_ar).first()
        if section is None:
            parent = sections[parent_key] if parent_key else None
            siblings = [k for k, value in SECTIONS.items() if value[3] == parent_key]
            # The slug is left empty: the model derives an Arabic one from name_ar.
            section = Section(
                name_ar=name_ar,
                name_fr=name_fr,
                name_en=name_en,
                parent=parent,
                position=siblings.index(key) + 1,
            )
            section.save()
            report.sections_created += 1
        else:
            report.sections_existing += 1
        sections[key] = section
    return sections


def ensure_authors(report):
    authors = {}
    for key, (name_ar, name_fr, bio_ar) in AUTHORS.items():
        author = Author.objects.filter(name_ar=name_ar).first()
        if author is None:
            author = Author(name_ar=name_ar, name_fr=name_fr, name_en=name_fr, bio_ar=bio_ar)
            author.save()
            report.authors_created += 1
        else:
            report.authors_existing += 1
        authors[key] = author
    return authors


def ensure_stories(report, sections, authors, editor, now):
    """[(story data, article)] for every demo story, creating the missing ones."""
    existing = {a.external_id: a for a in Article.objects.filter(source=SOURCE)}
    stories = []
    for data in STORIES:
        article = existing.get(data["key"])
        if article is None:
            article = create_story(data, sections, authors, editor, now, report)
            report.stories_created += 1
        else:
            report.stories_existing += 1
        report.statuses[article.status] += 1
        stories.append((data, article))
    return stories


def create_story(data, sections, authors, editor, now, report):
    status = data.get("status", Status.PUBLISHED)
    published_at = None
    if "hours_ago" in data:
        published_at = now - timedelta(hours=data["hours_ago"])
    inside = photo_block(body_photo(data, report).pk) if "body_photo" in data else ""
    article = Article(
        source=SOURCE,
        external_id=data["key"],
        headline_ar=data["headline"],
        deck_ar=data["deck"],
        lead_ar=data["lead"],
        body_ar=data["body"].replace(BODY_PHOTO, inside),
        section=sections[data["section"]],
        byline=data.get("byline", ""),
        status=status,
        published_at=published_at,
        is_front_page="front_page_position" in data,
        front_page_position=data.get("front_page_position", 0),
        is_breaking=data.get("is_breaking", False),
        created_by=editor,
    )
    for name, value in data.get("fr", {}).items():
        setattr(article, f"{name}_fr", value.replace(BODY_PHOTO, inside))
    article.save()
    article.tags.add(*data["tags"])
    article.authors.set([authors[key] for key in data.get("authors", [])])
    return article


def ensure_images(report, stories):
    for data, article in stories:
        if article.photo_id is None:
            _dark, _light, _accent, colour = PALETTES[data["section"]]
            article.photo = add_photo(
                io.BytesIO(demo_image(data["key"], data["section"], data["motif"])),
                f"demo-{data['key']}.jpg",
                title_ar=data["image_caption"],
                caption_ar=data["image_caption"],
                alt_text_ar=f"رسم تجريدي بتدرجات {colour} تتخلله {MOTIFS[data['motif']]}",
                credit=IMAGE_CREDIT,
            )
            article.save(update_fields=["photo"])
            report.images_generated += 1


def body_photo(data, report):
    """The library photo shown inside the story's body: the one drawn for it before, else a new one."""
    about = data["body_photo"]
    title = f"{about['caption']} (demo-{data['key']}-body)"
    photo = Photo.objects.filter(title_ar=title).first()
    if photo is None:
        _dark, _light, _accent, colour = PALETTES[data["section"]]
        photo = add_photo(
            io.BytesIO(demo_image(f"{data['key']}-body", data["section"], about["motif"])),
            f"demo-{data['key']}-body.jpg",
            title_ar=title,
            caption_ar=about["caption"],
            caption_fr=about.get("caption_fr", ""),
            alt_text_ar=f"رسم تجريدي بتدرجات {colour} تتخلله {MOTIFS[about['motif']]}",
            credit=IMAGE_CREDIT,
        )
        report.images_generated += 1
    return photo


def demo_image(key, section, motif):
    """JPEG bytes of an abstract 1200×800 picture in the section's colours."""
    rng = random.Random(key)
    width, height = IMAGE_SIZE
    start, end, accent, _colour = PALETTES[section]
    start, end, accent = (ImageColor.getrgb(c) for c in (start, end, accent))

    # A diagonal gradient with a soft glow, computed small and scaled up.
    small_w, small_h = width // 20, height // 20
    glow_x, glow_y = rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.6)
    flip = rng.random() < 0.5
    mask_data = []
    for y in range(small_h):
        for x in range(small_w):
            u, v = x / (small_w - 1), y / (small_h - 1)
            diagonal = ((1 - u) if flip else u) * 0.55 + (1 - v) * 0.45
            glow = max(0.0, 1 - ((u - glow_x) ** 2 + (v - glow_y) ** 2) * 3.2)
            mask_data.append(int(255 * min(1.0, diagonal * 0.8 + glow * 0.45)))
    mask = Image.new("L", (small_w, small_h))
    mask.putdata(mask_data)
    mask = mask.resize(IMAGE_SIZE, Image.Resampling.BILINEAR)
    picture = Image.composite(Image.new("RGB", IMAGE_SIZE, end), Image.new("RGB", IMAGE_SIZE, start), mask)
    picture = picture.convert("RGBA")

    # Soft shapes, drawn at a quarter of the size, blurred and scaled up.
    scale = 4
    soft = Image.new("RGBA", (width // scale, height // scale), (0, 0, 0, 0))
    for _ in range(rng.randint(5, 8)):
        layer = Image.new("RGBA", soft.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        colour = accent if rng.random() < 0.35 else (255, 255, 255)
        alpha = rng.randint(30, 80)
        if motif == "circles":
            radius = rng.uniform(25, 110)
            cx, cy = rng.uniform(0, soft.width), rng.uniform(0, soft.height)
            draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(*colour, alpha))
        else:
            offset = rng.uniform(-soft.height, soft.width)
            thickness = rng.uniform(12, 55)
            slant = soft.height * 0.7
            draw.polygon(
                [
                    (offset, soft.height),
                    (offset + thickness, soft.height),
                    (offset + thickness + slant, 0),
                    (offset + slant, 0),
                ],
                fill=(*colour, alpha),
            )
        soft = Image.alpha_composite(soft, layer)
    soft = soft.filter(ImageFilter.GaussianBlur(1.5)).resize(IMAGE_SIZE, Image.Resampling.BILINEAR)
    picture = Image.alpha_composite(picture, soft)

    # A few crisp rings on top for depth.
    rings = Image.new("RGBA", IMAGE_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(rings)
    for _ in range(rng.randint(2, 4)):
        radius = rng.uniform(40, 220)
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        draw.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius),
            outline=(255, 255, 255, rng.randint(50, 110)),
            width=rng.randint(2, 5),
        )
    picture = Image.alpha_composite(picture, rings)

    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, "JPEG", quality=86, progressive=True)
    return buffer.getvalue()


def ensure_views(report, stories, now):
    """Seed reader views for public demo stories that have none yet."""
    public = [(data, article) for data, article in stories if article.is_public and data.get("views")]
    counted = set(
        HourlyViews.objects.filter(article__in=[article for _data, article in public])
        .values_list("article_id", flat=True)
        .distinct()
    )
    for data, article in public:
        if article.pk in counted:
            continue
        rng = random.Random(f"views-{data['key']}")
        span = (now - article.published_at).total_seconds()
        hours = Counter()
        for _ in range(data["views"]):
            # Most readers come soon after publication; a few come later.
            moment = article.published_at + timedelta(seconds=span * rng.random() ** 2.2)
            hours[bucket_start(moment)] += 1
        for hour, views in hours.items():
            record_view(article.pk, section_id=article.section_id, when=hour, count=views)
        report.views_recorded += data["views"]
        report.view_buckets += len(hours)
