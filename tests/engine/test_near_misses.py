"""Hand-made near misses, with the configured engine (both encoders, the glossary, feedback): for a request in
English or in Ukrainian, the offer that answers it ranks above offers that share its words and do something
else (a strike drone or a target drone for an interception request, a jammer for an anti-jam link, an inert
training warhead that names the request's own words).

Each real answer here still shares more of the request's words than its near misses do. Where a near miss
echoes the request and the answer speaks its own words (a "Shahed-type replica for training interceptor
crews" against a "hunter-killer quadcopter"), the engine ranks the near miss first: docs/engine.md."""

import pytest

from engine import EngineConfig, MatchingEngine
from tests.engine.engine_builders import offer, request

OFFERS = [
    offer(
        "interceptor",
        "Sokil-H radar-cued interceptor drone",
        "A fast quadcopter that takes its target from a ground radar, locks on with a thermal seeker and rams "
        "one-way attack drones of the Shahed type at up to 280 km/h, day and night.",
    ),
    offer(
        "strike-fpv",
        "Nocturne-10 night strike FPV drone",
        "A 10-inch FPV drone with a thermal camera that carries a 2.5 kg warhead to armour and dugouts at night; "
        "12 km with a repeater, frequency-hopping control.",
    ),
    offer(
        "target-drone",
        "Target-7 aerial target drone",
        "A jet-powered target drone that flies like a Shahed-type attack drone, for training air-defence crews and "
        "interceptor pilots on ranges; recoverable by parachute.",
    ),
    offer(
        "anti-jam-link",
        "HopLink anti-jam drone control link",
        "A control and video link for drones that keeps working under electronic warfare: frequency hopping across "
        "700-1050 MHz, a directional ground antenna and an 8 g air unit.",
    ),
    offer(
        "jammer",
        "Umbrella trench jammer",
        "A backpack jammer that blocks the control and video links of FPV drones around a trench: 720-1020 MHz, "
        "2.4 and 5.8 GHz, omnidirectional antennas.",
    ),
    offer(
        "warhead",
        "KZ-60 shaped-charge warhead for FPV drones",
        "A live shaped-charge warhead for FPV drones that penetrates 400 mm of armour, with an electric fuze and a "
        "safe-arm board.",
    ),
    offer(
        "inert-warhead",
        "KZ-60T inert training warhead",
        "An inert shaped-charge warhead for FPV drones, with the same mass and balance as the live one, for training "
        "drone pilots to hit tanks and armoured vehicles without explosives.",
    ),
    offer(
        "tourniquet",
        "HemoStop tourniquet",
        "A windlass tourniquet for tactical combat casualty care, in every first-aid kit.",
    ),
    offer("generator", "Quiet-5 field generator", "A 5 kW multifuel generator for positions, quiet and hard to see."),
]

CASES = [
    (
        "interceptor",
        request(
            "interceptors-en",
            "Interceptor drones against Shahed attack drones",
            "We need drones that intercept and destroy Shahed-type attack drones at night, cued by our radar.",
        ),
    ),
    (
        "interceptor",
        request(
            "interceptors-uk",
            "Дрони-перехоплювачі проти Шахедів",
            "Потрібні дрони-перехоплювачі, що збивають ударні БпЛА типу Шахед уночі за наведенням від нашого радара.",
            language="uk",
        ),
    ),
    (
        "anti-jam-link",
        request(
            "link-en",
            "Anti-jam control link for our FPV drones",
            "Our FPV drones lose control and video under enemy jamming: we need a link that keeps working under EW.",
        ),
    ),
    (
        "anti-jam-link",
        request(
            "link-uk",
            "Завадостійкий канал керування для FPV",
            "Наші FPV втрачають керування і відео під РЕБ противника: потрібен канал, що працює під глушінням.",
            language="uk",
        ),
    ),
    (
        "warhead",
        request(
            "warhead-en",
            "Shaped-charge warheads for FPV drones against armour",
            "Live shaped-charge warheads for our FPV drones to hit tanks and armoured vehicles.",
        ),
    ),
    (
        "warhead",
        request(
            "warhead-uk",
            "Кумулятивні бойові частини для FPV проти броні",
            "Потрібні бойові кумулятивні БЧ для наших FPV, щоб уражати танки та броньовану техніку.",
            language="uk",
        ),
    ),
]


@pytest.fixture(scope="module")
def engine() -> MatchingEngine:
    requests = [case for _, case in CASES]
    return MatchingEngine.build(requests, OFFERS, config=EngineConfig())


@pytest.mark.parametrize(("answer", "need"), CASES, ids=[need.id for _, need in CASES])
def test_the_real_answer_ranks_above_its_near_misses(engine, answer, need):
    ranked = [match.offer_id for match in engine.score_request(need.id)]
    assert ranked[0] == answer, ranked[:4]
