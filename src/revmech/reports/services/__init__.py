"""Every change to country review reports, one module per concept (P&R paras 33-39, 43-46).

- `drafting`: the first draft, sections saved with a version check, comments, needs (33, 35)
- `agreement`: the three approvals of one version and the final report (34)
- `words`: the Word round trip, section by section (33)
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
from revmech.reports.services.words import MAX_DOCX_BYTES as MAX_DOCX_BYTES
from revmech.reports.services.words import WordImport as WordImport
from revmech.reports.services.words import import_docx as import_docx
