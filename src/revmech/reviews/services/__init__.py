"""Every change to country reviews, one module per concept (P&R paras 10, 15, 18, 20, 23-34, 44).

- `stages`: creation from a draw and each move from one stage to the next (paras 10, 18, 20, 23-34)
- `phases`: the phase calendar and para 10's first half (paras 9-11)
- `assignments`: the secretariat staff assigned to a review, with history (paras 32, 42)
- `reminders`: reminders of deadlines, each sent once (paras 23, 26, 29, 33)
- `calendar_feeds`: personal iCalendar feeds, revocable
- `common`: the stage checks, the people of a review and the mail to them
- `dialogue`: requests, answers, calls and their minutes (paras 29-31)
- `visits`: country visits agreed by the State under review (para 29 (b))
- `documents`: versioned documents checked by their content
- `assistance`: technical assistance to answer the questionnaire (para 15)
- `references`: information from other mechanisms (para 28)

Callers import the use case from here; each name lives in exactly one module.
"""

from revmech.reviews.services.assignments import assign_secretariat as assign_secretariat
from revmech.reviews.services.assignments import reassign_secretariat as reassign_secretariat
from revmech.reviews.services.assignments import secretariat_staff as secretariat_staff
from revmech.reviews.services.assignments import unassign_secretariat as unassign_secretariat
from revmech.reviews.services.assistance import request_assistance as request_assistance
from revmech.reviews.services.assistance import update_assistance as update_assistance
from revmech.reviews.services.calendar_feeds import calendar_path as calendar_path
from revmech.reviews.services.calendar_feeds import create_calendar_feed as create_calendar_feed
from revmech.reviews.services.calendar_feeds import revoke_calendar_feeds as revoke_calendar_feeds
from revmech.reviews.services.common import ASSISTANCE_STAGES as ASSISTANCE_STAGES
from revmech.reviews.services.common import DIALOGUE_STAGES as DIALOGUE_STAGES
from revmech.reviews.services.common import OPEN_STAGES as OPEN_STAGES
from revmech.reviews.services.common import assigned_secretariat as assigned_secretariat
from revmech.reviews.services.common import people_of as people_of
from revmech.reviews.services.dialogue import answer_in_dialogue as answer_in_dialogue
from revmech.reviews.services.dialogue import ask_in_dialogue as ask_in_dialogue
from revmech.reviews.services.dialogue import record_minutes as record_minutes
from revmech.reviews.services.dialogue import schedule_meeting as schedule_meeting
from revmech.reviews.services.documents import upload_document as upload_document
from revmech.reviews.services.phases import phases_overview as phases_overview
from revmech.reviews.services.phases import set_phase_calendar as set_phase_calendar
from revmech.reviews.services.references import add_reference as add_reference
from revmech.reviews.services.reminders import (
    STEPS_OF_STATE_UNDER_REVIEW as STEPS_OF_STATE_UNDER_REVIEW,
)
from revmech.reviews.services.reminders import DueReminder as DueReminder
from revmech.reviews.services.reminders import absolute_url as absolute_url
from revmech.reviews.services.reminders import due_reminders as due_reminders
from revmech.reviews.services.reminders import responsible_for as responsible_for
from revmech.reviews.services.reminders import send_reminder as send_reminder
from revmech.reviews.services.stages import agree_report as agree_report
from revmech.reviews.services.stages import agreed_states as agreed_states
from revmech.reviews.services.stages import communicate_report as communicate_report
from revmech.reviews.services.stages import (
    create_reviews_from_assignment as create_reviews_from_assignment,
)
from revmech.reviews.services.stages import open_consultations as open_consultations
from revmech.reviews.services.stages import prepare_draft_report as prepare_draft_report
from revmech.reviews.services.stages import record_consultations as record_consultations
from revmech.reviews.services.stages import send_desk_review as send_desk_review
from revmech.reviews.services.stages import submit_self_assessment as submit_self_assessment
from revmech.reviews.services.visits import decide_visit as decide_visit
from revmech.reviews.services.visits import propose_visit as propose_visit
from revmech.reviews.services.visits import record_visit as record_visit
