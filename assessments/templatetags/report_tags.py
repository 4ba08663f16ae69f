"""Template helpers for the report pages."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from assessments.selectors.reports import EventLine

register = template.Library()


@register.simple_tag
def event_rows(events: Iterable[EventLine]) -> SafeString:
    """The rows of an events table, in one step.

    A report lists hundreds of events; rendered cell by cell with the `date` filter they
    took most of the page's template time. Same cells as `{{ e.occurred_at|date:"Y-m-d H:i" }}`
    (the time in the current time zone), `{{ e.type }}`, `{{ e.where|default:"-" }}`
    and `<code>{{ e.event_id }}</code>`, escaped the same way.
    """
    return format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
        (
            (
                timezone.localtime(e.occurred_at).strftime("%Y-%m-%d %H:%M"),
                e.type,
                e.where or "-",
                e.event_id,
            )
            for e in events
        ),
    )
