"""The gate of report and image downloads (dashboard.export.renders) through the real callback
endpoint: a client asking too often, a full queue and a bounded wait each give a Dutch message
beside the button instead of a render. Unknown codes and keys are used, so nothing renders."""

from __future__ import annotations

import json
import time

import pytest

from dashboard import ids
from dashboard.export import renders
from tests.fuzz import dash_client as dc

REPORT = '{"region":["MATCH"],"type":"report-download"}.data'
IMAGE = '{"name":["MATCH"],"page":["MATCH"],"type":"export-download-image"}.data'


def _side_message(response, component_id: dict) -> str | None:
    if response.status_code != 200:
        return None
    side = response.get_json().get("sideUpdate", {})
    return side.get(json.dumps(component_id, sort_keys=True, separators=(",", ":")),
                    {}).get("children")


def _report(client, callback_map, code: str, address: str):
    body = dc.body(REPORT, callback_map[REPORT], lambda spec: 1, code)
    return dc.post(client, body, retry=False, REMOTE_ADDR=address)[0]


@pytest.fixture
def held():
    """Take `count` of a semaphore's slots for the test, give them back afterwards."""
    taken = []

    def hold(semaphore, count):
        for _ in range(count):
            assert semaphore.acquire(blocking=False)
            taken.append(semaphore)
    yield hold
    for semaphore in taken:
        semaphore.release()


def test_a_client_asking_for_too_many_reports_is_told_in_dutch(fuzz_client, callback_map):
    """The fifth report within a minute from one address gets the message, not a render;
    another address is not affected."""
    answers = [_report(fuzz_client, callback_map, "GM9999", "10.0.0.5") for _ in range(5)]
    assert [a.status_code for a in answers[:4]] == [204] * 4
    message = _side_message(answers[4], ids.report_message("GM9999"))
    assert message and "in korte tijd veel rapporten" in message
    assert _report(fuzz_client, callback_map, "GM9999", "10.0.0.6").status_code == 204


def test_a_client_asking_for_too_many_images_is_told_in_dutch(fuzz_client, callback_map):
    """Past the per-client image limit the message appears beside that chart's buttons."""
    body = dc.body(IMAGE, callback_map[IMAGE], lambda spec: 1,
                   {"page": "indicator", "name": "kaart"})
    answers = [dc.post(fuzz_client, body, retry=False, REMOTE_ADDR="10.0.0.7")[0]
               for _ in range(31)]
    assert {a.status_code for a in answers[:30]} == {204}
    message = _side_message(answers[30], ids.export_message("indicator", "kaart"))
    assert message and "in korte tijd veel afbeeldingen" in message


def test_a_full_render_queue_refuses_at_once_in_dutch(fuzz_client, callback_map, held):
    """With every renderer busy and the queue full, a report request is answered at once."""
    held(renders._admitted, renders.RENDERERS + renders.limits.RENDER_QUEUE)
    start = time.perf_counter()
    response = _report(fuzz_client, callback_map, "GM9998", "10.0.0.8")
    assert time.perf_counter() - start < 0.5
    message = _side_message(response, ids.report_message("GM9998"))
    assert message == ("Er worden nu te veel rapporten gemaakt; probeer het over een minuut "
                       "opnieuw.")


def test_a_queued_render_waits_a_bounded_time(fuzz_client, callback_map, held, monkeypatch):
    """With every renderer busy, a queued request gives up after the wait, with the message."""
    monkeypatch.setattr(renders.limits, "RENDER_WAIT_SECONDS", 0.3)
    held(renders._running, renders.RENDERERS)
    start = time.perf_counter()
    response = _report(fuzz_client, callback_map, "GM9997", "10.0.0.9")
    assert 0.3 <= time.perf_counter() - start < 1.0
    assert "te veel rapporten" in _side_message(response, ids.report_message("GM9997"))
