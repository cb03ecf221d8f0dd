# The texts are in Arabic, Chinese and Russian on purpose: their letters are not look-alikes.
# ruff: noqa: RUF001
"""The standard block of questions asked for every article under review (P&R para 16), with its
texts in the six working languages side by side, and the generated first-phase definitions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext

from revmech.questionnaires.structure import FORMAT

Texts = dict[str, str]

YES_PARTLY_NO: list[dict[str, Any]] = [
    {
        "value": "yes",
        "labels": {"ar": "نعم", "zh": "是", "en": "Yes", "fr": "Oui", "ru": "Да", "es": "Sí"},
    },
    {
        "value": "partly",
        "labels": {
            "ar": "جزئياً",
            "zh": "部分",
            "en": "Partly",
            "fr": "En partie",
            "ru": "Частично",
            "es": "En parte",
        },
    },
    {
        "value": "no",
        "labels": {"ar": "لا", "zh": "否", "en": "No", "fr": "Non", "ru": "Нет", "es": "No"},
    },
]

YES_NO = [YES_PARTLY_NO[0], YES_PARTLY_NO[2]]

ASSISTANCE_TYPES: list[dict[str, Any]] = [
    {
        "value": "legislative",
        "labels": {
            "ar": "المساعدة التشريعية",
            "zh": "立法援助",
            "en": "Legislative assistance",
            "fr": "Assistance législative",
            "ru": "Помощь в законотворчестве",
            "es": "Asistencia legislativa",
        },
    },
    {
        "value": "capacity_building",
        "labels": {
            "ar": "بناء القدرات",
            "zh": "能力建设",
            "en": "Capacity-building and training",
            "fr": "Renforcement des capacités et formation",
            "ru": "Наращивание потенциала и обучение",
            "es": "Creación de capacidad y capacitación",
        },
    },
    {
        "value": "institutional",
        "labels": {
            "ar": "الدعم المؤسسي",
            "zh": "机构支持",
            "en": "Institutional support",
            "fr": "Appui institutionnel",
            "ru": "Институциональная поддержка",
            "es": "Apoyo institucional",
        },
    },
    {
        "value": "technology",
        "labels": {
            "ar": "المساعدة التكنولوجية",
            "zh": "技术设备援助",
            "en": "Technological assistance",
            "fr": "Assistance technologique",
            "ru": "Технологическая помощь",
            "es": "Asistencia tecnológica",
        },
    },
    {
        "value": "other",
        "labels": {
            "ar": "غير ذلك",
            "zh": "其他",
            "en": "Other",
            "fr": "Autre",
            "ru": "Другое",
            "es": "Otro",
        },
    },
]

IMPLEMENTS: Texts = {
    "ar": "هل تنفذ تشريعاتكم الوطنية هذا الحكم؟",
    "zh": "贵国国内法是否执行了本条规定？",
    "en": "Does your national law implement this provision?",
    "fr": "Votre législation nationale met-elle en œuvre cette disposition\u202f?",
    "ru": "Обеспечивает ли ваше национальное законодательство осуществление этого положения?",
    "es": "¿Aplica su legislación nacional esta disposición?",
}
MEASURES: Texts = {
    "ar": "صفوا التدابير المعتمدة، مع ذكر المراجع التشريعية.",
    "zh": "请说明所采取的措施，并注明法律出处。",
    "en": "Describe the measures adopted, citing the legislation.",
    "fr": "Décrivez les mesures adoptées, en citant la législation.",
    "ru": "Опишите принятые меры со ссылками на законодательство.",
    "es": "Describa las medidas adoptadas, citando la legislación.",
}
LEGISLATION: Texts = {
    "ar": "انسخوا نص الأحكام التشريعية ذات الصلة.",
    "zh": "请提供相关法律条文的文本。",
    "en": "Give the text of the relevant provisions of legislation.",
    "fr": "Reproduisez le texte des dispositions législatives pertinentes.",
    "ru": "Приведите текст соответствующих положений законодательства.",
    "es": "Transcriba el texto de las disposiciones legislativas pertinentes.",
}
EXAMPLES: Texts = {
    "ar": "قدموا أمثلة على التنفيذ العملي، بما في ذلك القضايا والإحصاءات.",
    "zh": "请举例说明实际执行情况，包括案例和统计数据。",
    "en": "Give examples of implementation in practice, including cases and statistics.",
    "fr": "Donnez des exemples de mise en œuvre pratique, y compris des affaires et des "
    "statistiques.",
    "ru": "Приведите примеры практического осуществления, включая дела и статистику.",
    "es": "Dé ejemplos de aplicación en la práctica, incluidos casos y estadísticas.",
}
CHALLENGES: Texts = {
    "ar": "ما هي التحديات التي تواجهونها في تنفيذ هذا الحكم؟",
    "zh": "在执行本条规定方面遇到了哪些挑战？",
    "en": "What challenges do you face in implementing this provision?",
    "fr": "Quelles difficultés rencontrez-vous dans la mise en œuvre de cette disposition\u202f?",
    "ru": "С какими трудностями вы сталкиваетесь при осуществлении этого положения?",
    "es": "¿Qué dificultades encuentra en la aplicación de esta disposición?",
}
ASSISTANCE: Texts = {
    "ar": "هل تحتاجون إلى مساعدة تقنية لتنفيذ هذا الحكم؟",
    "zh": "执行本条规定是否需要技术援助？",
    "en": "Do you need technical assistance to implement this provision?",
    "fr": "Avez-vous besoin d'une assistance technique pour mettre en œuvre cette "
    "disposition\u202f?",
    "ru": "Нуждаетесь ли вы в технической помощи для осуществления этого положения?",
    "es": "¿Necesita asistencia técnica para aplicar esta disposición?",
}
ASSISTANCE_TYPE: Texts = {
    "ar": "ما نوع المساعدة التقنية المطلوبة؟",
    "zh": "需要哪种类型的技术援助？",
    "en": "What type of technical assistance is needed?",
    "fr": "De quel type d'assistance technique avez-vous besoin\u202f?",
    "ru": "Какой вид технической помощи необходим?",
    "es": "¿Qué tipo de asistencia técnica se necesita?",
}
ARTICLE: Texts = {
    "ar": "المادة %(number)s",
    "zh": "第%(number)s条",
    "en": "Article %(number)s",
    "fr": "Article %(number)s",
    "ru": "Статья %(number)s",
    "es": "Artículo %(number)s",
}
# Django's code of each language of the texts ("zh" is Simplified Chinese).
DJANGO_LANGUAGES: Mapping[str, str] = {
    "ar": "ar",
    "zh": "zh-hans",
    "en": "en",
    "fr": "fr",
    "ru": "ru",
    "es": "es",
}


def questionnaire_titles(cluster_names: Mapping[str, str]) -> Texts:
    """A cluster's questionnaire title in the six languages, composed by the translation
    catalogues (each language's own punctuation: a non-breaking space before the French colon)
    from the cluster's name in each language."""
    titles = {}
    for lang, code in DJANGO_LANGUAGES.items():
        with translation.override(code):
            titles[lang] = gettext("Self-assessment questionnaire: %(cluster)s") % {
                "cluster": cluster_names[lang]
            }
    return titles


def standard_questions(prefix: str) -> list[dict[str, Any]]:
    """The standard block for one article; keys start with `prefix` (cluster and article)."""
    implemented = {"question": f"{prefix}.implements", "values": ["yes", "partly"]}
    return [
        {
            "key": f"{prefix}.implements",
            "kind": "choice",
            "texts": IMPLEMENTS,
            "choices": YES_PARTLY_NO,
            "required": True,
            "standard": True,
        },
        {
            "key": f"{prefix}.measures",
            "kind": "rich_text",
            "texts": MEASURES,
            "required": True,
            "shown_when": implemented,
            "standard": True,
        },
        {
            "key": f"{prefix}.legislation",
            "kind": "rich_text",
            "texts": LEGISLATION,
            "shown_when": implemented,
            "standard": True,
        },
        {"key": f"{prefix}.examples", "kind": "rich_text", "texts": EXAMPLES, "standard": True},
        {"key": f"{prefix}.challenges", "kind": "rich_text", "texts": CHALLENGES, "standard": True},
        {
            "key": f"{prefix}.assistance",
            "kind": "choice",
            "texts": ASSISTANCE,
            "choices": YES_NO,
            "required": True,
            "standard": True,
        },
        {
            "key": f"{prefix}.assistance_type",
            "kind": "multiple",
            "texts": ASSISTANCE_TYPE,
            "choices": ASSISTANCE_TYPES,
            "shown_when": {"question": f"{prefix}.assistance", "values": ["yes"]},
            "standard": True,
        },
    ]


def _each(template: Texts, **values: str) -> Texts:
    return {lang: text % values for lang, text in template.items()}


def generated_document(
    *,
    instrument: str,
    cluster: str,
    cluster_names: Mapping[str, str],
    articles: Iterable[tuple[str, Mapping[str, str]]],
) -> dict[str, Any]:
    """A definition document for one instrument and cluster: one section per article (its
    label such as "11(a)" and its titles), each holding the standard block."""
    sections = []
    for label, titles in articles:
        key = f"{cluster}.art{label}"
        numbered = _each(ARTICLE, number=label)
        heading = {
            lang: f"{numbered[lang]}. {titles.get(lang) or titles.get('en', '')}"
            for lang in ARTICLE
        }
        sections.append(
            {"key": key, "article": label, "titles": heading, "questions": standard_questions(key)}
        )
    names = {lang: cluster_names.get(lang) or cluster_names.get("en", cluster) for lang in ARTICLE}
    return {
        "format": FORMAT,
        "instrument": instrument,
        "cluster": cluster,
        "titles": questionnaire_titles(names),
        "sections": sections,
    }
