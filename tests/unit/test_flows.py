"""Typed flows: a stored state names its flow and step; states written before flows had names still route."""

from __future__ import annotations

import pytest

from bot.handlers import FEATURES, community, outcomes, patient, prescriber, reminders
from bot.handlers.router import Registry, flow_step, prompt_slot


@pytest.mark.parametrize(
    "slot, state, flow, step",
    [
        ("", {"flow": "remind", "step": "zone", "programme": "p", "time": "0730"}, reminders.SET_UP, "zone"),
        ("", {"step": "time", "programme": "p"}, reminders.SET_UP, "time"),
        ("", {"step": "retime", "sub": 3}, reminders.SET_UP, "retime"),
        ("", {"step": "rx_time", "programme": "p", "day": 0}, prescriber.PRESCRIBE, "time"),
        ("", {"step": "rx_name", "programme": "p", "day": 0, "time": "0800"}, prescriber.PRESCRIBE, "name"),
        ("", {"step": "rx_zone", "prescription": 9}, patient.PATIENT, "zone"),
        ("", {"step": "oc_goal", "checkin": 4}, outcomes.GOALS, "goal"),
        (prompt_slot(41), {"target": -100, "step": "zone"}, community.SETTINGS, "zone"),
    ],
)
def test_a_stored_state_routes_to_its_flows_step(slot, state, flow, step):
    registry = Registry(FEATURES)
    assert flow_step(slot, state) == (flow.name, step)
    assert registry.flows[flow.name] is flow and step in flow.steps
    assert flow.waits_at(state, step, slot)
    assert not flow.waits_at(state, "elsewhere", slot) and not flow.waits_at(None, step, slot)


def test_a_state_of_no_known_flow_routes_nowhere():
    registry = Registry(FEATURES)
    assert registry._step("", {"step": "gone"})[0] is None
    assert registry._step("", {"flow": "gone", "step": "time"})[0] is None


async def test_a_flow_refuses_a_step_it_does_not_have():
    with pytest.raises(KeyError, match="nowhere"):
        await reminders.SET_UP.ask(None, 1, "nowhere")  # refused before anything is stored
