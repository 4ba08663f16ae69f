"""Demo content for `make run`: an organisation, its teams, their people, a closed
assessment round per team and (through `demo_seeded`) the pipelines that feed them."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.dispatch import Signal

from assessments.demo.claims import DEMO_MEMBERS
from assessments.models import AssessmentRound
from assessments.rubric.loader import get_rubric
from assessments.rubric.types import Rubric
from assessments.scoring import shown_questions
from assessments.services import questionnaire as q_services
from tenancy import services
from tenancy.models import Membership, Organization, Role, Team

DEMO_ORG = "acme"
DEMO_ORG_NAME = "Acme Analytics"
DEMO_TEAMS = {
    "fraud-detection": "Fraud detection",
    "demand-forecasting": "Demand forecasting",
    "recommendations": "Recommendations",
}
ADMIN_USERNAME = "admin"

#: Sent after the demo content is stored, with `organization` and `teams` (slug -> Team);
#: other apps add their part of the demo (the pipelines app feeds the teams).
demo_seeded = Signal()


@dataclass(frozen=True)
class DemoAdmin:
    username: str
    password: str | None  # None when the account existed and no password was recorded


def answers_claiming(rubric: Rubric, claims: Mapping[str, str]) -> dict[str, str]:
    """Option ids by question id: the best option of each question of a practice claimed
    met, the worst of one claimed not met; context answers that show every question (serving
    online, say). A question that the other answers hide (the retraining pace of a team that
    retrains by hand) is left unanswered."""
    contexts = {q.id for q in rubric.questions if q.context}
    answers: dict[str, str] = {}
    for question in rubric.questions:
        if question.show_if is not None and question.show_if.question in contexts:
            answers.setdefault(question.show_if.question, question.show_if.any_of[0])
    for question in rubric.questions:
        if question.context or question.capability not in claims:
            continue
        ranked = sorted(question.options, key=lambda option: option.score)
        answers[question.id] = (
            ranked[-1] if claims[question.capability] == "met" else ranked[0]
        ).id
    shown = {q.id for q in shown_questions(rubric, answers)}
    return {qid: option for qid, option in answers.items() if qid in shown}


def demo_seed(*, credentials_file: Path) -> DemoAdmin:
    """Idempotent: existing data and passwords are kept on every later run."""
    with transaction.atomic():
        org = services.organization_ensure(slug=DEMO_ORG, name=DEMO_ORG_NAME).organization
        teams = {
            slug: Team.objects.get_or_create(organization=org, slug=slug, defaults={"name": name})[
                0
            ]
            for slug, name in DEMO_TEAMS.items()
        }
        admin, password = _admin(org, credentials_file)
        for team in teams.values():
            _team_round(team, admin)
    demo_seeded.send(sender=DemoAdmin, organization=org, teams=teams)
    return DemoAdmin(username=ADMIN_USERNAME, password=password)


def _admin(org: Organization, credentials_file: Path) -> tuple[User, str | None]:
    user_model = get_user_model()
    admin = user_model._default_manager.filter(username=ADMIN_USERNAME).first()
    password: str | None = None
    if admin is None:
        password = secrets.token_urlsafe(12)
        admin = user_model._default_manager.create_superuser(
            username=ADMIN_USERNAME, email="admin@example.com", password=password
        )
        credentials_file.parent.mkdir(parents=True, exist_ok=True)
        credentials_file.write_text(f"{ADMIN_USERNAME}\n{password}\n")
        credentials_file.chmod(0o600)
    elif credentials_file.exists():
        password = credentials_file.read_text().splitlines()[1]
    Membership.objects.get_or_create(
        user=admin, organization=org, team=None, defaults={"role": Role.ORG_ADMIN}
    )
    return admin, password


def _member(team: Team, suffix: str, role: Role) -> User:
    """A demo person with a random password nobody is told: the admin can set one."""
    user, created = User.objects.get_or_create(
        username=f"{team.slug}.{suffix}", defaults={"email": f"{team.slug}.{suffix}@example.com"}
    )
    if created:
        user.set_password(secrets.token_urlsafe(16))
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(
        user=user, organization=team.organization, team=team, defaults={"role": role}
    )
    return user


def _team_round(team: Team, admin: User) -> None:
    """The team's first round, answered by its people and closed; never a second one."""
    if AssessmentRound.objects.filter(team=team).exists():
        return
    rubric = get_rubric()
    q_services.assessment_round_open(team=team, user=admin)
    for suffix, role, claims in DEMO_MEMBERS.get(team.slug, ()):
        person = _member(team, suffix, role)
        q_services.assessment_import(
            team=team, user=person, answers=answers_claiming(rubric, claims)
        )
    q_services.assessment_round_close(team=team, user=admin)
