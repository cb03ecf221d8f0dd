"""Every change to country review reports, one module per concept (P&R paras 33-39, 43-46).

- `drafting`: the first draft, sections saved with a version check, comments, needs (33, 35)
- `agreement`: the three approvals of one version and the final report (34)
- `words`: the Word round trip, section by section (33)
- `publication`: the summary in six languages and its issue; publication by the State (36, 38,
  45, 46)
- `sharing`: access to a final report on request (39)
- `common`: the digest, the version counter and the withdrawal of approvals, mail

Callers import the use case from here; each name lives in exactly one module.
"""

from revmech.reports.services.agreement import approve_report as approve_report
from revmech.reports.services.common import content_of as content_of
from revmech.reports.services.common import current_digest as current_digest
from revmech.reports.services.common import digest_of as digest_of
from revmech.reports.services.drafting import EVERYTHING as EVERYTHING
from revmech.reports.services.drafting import TAKE_CHOICES as TAKE_CHOICES
from revmech.reports.services.drafting import StaleNeed as StaleNeed
from revmech.reports.services.drafting import StaleSection as StaleSection
from revmech.reports.services.drafting import add_comment as add_comment
from revmech.reports.services.drafting import remove_need as remove_need
from revmech.reports.services.drafting import save_need as save_need
from revmech.reports.services.drafting import save_section as save_section
from revmech.reports.services.drafting import start_report as start_report
from revmech.reports.services.publication import OFFICIAL_LANGUAGES as OFFICIAL_LANGUAGES
from revmech.reports.services.publication import (
    mark_further_translation_delivered as mark_further_translation_delivered,
)
from revmech.reports.services.publication import open_translations as open_translations
from revmech.reports.services.publication import publish_report as publish_report
from revmech.reports.services.publication import publish_summary as publish_summary
from revmech.reports.services.publication import (
    request_further_translation as request_further_translation,
)
from revmech.reports.services.publication import summary_html as summary_html
from revmech.reports.services.publication import summary_title as summary_title
from revmech.reports.services.publication import update_translation as update_translation
from revmech.reports.services.sharing import (
    acknowledge_confidentiality as acknowledge_confidentiality,
)
from revmech.reports.services.sharing import decide_access as decide_access
from revmech.reports.services.sharing import has_acknowledged as has_acknowledged
from revmech.reports.services.sharing import request_access as request_access
from revmech.reports.services.words import MAX_DOCX_BYTES as MAX_DOCX_BYTES
from revmech.reports.services.words import WordImport as WordImport
from revmech.reports.services.words import import_docx as import_docx
