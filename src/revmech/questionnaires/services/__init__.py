"""Every change to questionnaires and the desk review, by concept (P&R paras 16, 17, 26-30).

- `definitions`: questionnaire definitions and their versions (para 16)
- `answers`: a review's questionnaire, answers with optimistic locking, attachments (17, 26)
- `submission`: consultations, clearance, submission, supplementary information (26, 27, 29)
- `desk_review`: notes, requests answered, the outcome and its sending (paras 28-30)

Callers import the use case from here; each name lives in exactly one module.
"""

from revmech.questionnaires.services.answers import MAX_ATTACHMENT_BYTES as MAX_ATTACHMENT_BYTES
from revmech.questionnaires.services.answers import Conflict as Conflict
from revmech.questionnaires.services.answers import StaleAnswer as StaleAnswer
from revmech.questionnaires.services.answers import add_attachment as add_attachment
from revmech.questionnaires.services.answers import current_definitions as current_definitions
from revmech.questionnaires.services.answers import inapplicable_sections as inapplicable_sections
from revmech.questionnaires.services.answers import max_attachment_bytes as max_attachment_bytes
from revmech.questionnaires.services.answers import normalized as normalized
from revmech.questionnaires.services.answers import questions_of as questions_of
from revmech.questionnaires.services.answers import save_answer as save_answer
from revmech.questionnaires.services.answers import save_answers as save_answers
from revmech.questionnaires.services.answers import start_questionnaire as start_questionnaire
from revmech.questionnaires.services.definitions import FIRST_PHASE as FIRST_PHASE
from revmech.questionnaires.services.definitions import create_new_version as create_new_version
from revmech.questionnaires.services.definitions import (
    ensure_first_phase_definitions as ensure_first_phase_definitions,
)
from revmech.questionnaires.services.definitions import first_phase_clusters as first_phase_clusters
from revmech.questionnaires.services.definitions import import_definition as import_definition
from revmech.questionnaires.services.definitions import publish_definition as publish_definition
from revmech.questionnaires.services.definitions import (
    update_draft_definition as update_draft_definition,
)
from revmech.questionnaires.services.desk_review import StaleOutcome as StaleOutcome
from revmech.questionnaires.services.desk_review import add_note as add_note
from revmech.questionnaires.services.desk_review import assemble_outcome as assemble_outcome
from revmech.questionnaires.services.desk_review import assembled_outcome as assembled_outcome
from revmech.questionnaires.services.desk_review import respond_to_request as respond_to_request
from revmech.questionnaires.services.desk_review import save_outcome as save_outcome
from revmech.questionnaires.services.desk_review import send_outcome as send_outcome
from revmech.questionnaires.services.submission import MissingAnswer as MissingAnswer
from revmech.questionnaires.services.submission import answers_by_key as answers_by_key
from revmech.questionnaires.services.submission import clear_answers as clear_answers
from revmech.questionnaires.services.submission import (
    give_supplementary_information as give_supplementary_information,
)
from revmech.questionnaires.services.submission import missing_answers as missing_answers
from revmech.questionnaires.services.submission import missing_required as missing_required
from revmech.questionnaires.services.submission import record_consultation as record_consultation
from revmech.questionnaires.services.submission import submit_questionnaire as submit_questionnaire
