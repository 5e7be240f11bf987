"""Demo complaints and concerns, through the real use cases: a concern awaiting a reply from the
secure children's home on site, a complaint being prepared for the draft that is open, and one
lodged after a published report that is past its response target."""

from datetime import datetime

from portal.complaints import concerns, rules, services
from portal.inspections.models import Inspection


def seed_complaints(inspections: dict[str, Inspection], users: dict, times: dict[str, datetime]) -> None:
    manager = users["manager@inspectorate.example"]
    baker = users["inspector.baker@inspectorate.example"]

    concerns.raise_concern(
        inspections["on_site"],
        "demo-concern-hillside",
        "The inspectors asked to interview a child during their exam revision, even though we "
        "explained that the child was anxious about it.",
        users["rm.hillside@oakfield.example"],
        times["now"],
    )

    preparing = services.start(inspections["draft_sent"], users["rm.maple@oakfield.example"], times["draft_sent"])
    services.save_details(
        preparing,
        ["judgements"],
        "Raised with the lead inspector at the feedback meeting.",
        "That the judgement on leaders and managers is reviewed.",
        users["rm.maple@oakfield.example"],
        times["draft_sent"],
    )
    services.save_point(
        preparing,
        None,
        "The judgement was changed from requires improvement to inadequate after "
        "feedback without giving us the chance to show the recruitment records.",
        [],
        users["rm.maple@oakfield.example"],
        times["draft_sent"],
    )

    lodged_at = times["published_complaint"]
    late = services.start(inspections["published"], users["rm@northgate.example"], lodged_at)
    services.save_details(
        late,
        ["conduct", "process"],
        None,
        "An apology and a change to how feedback is given.",
        users["rm@northgate.example"],
        lodged_at,
    )
    services.save_point(
        late,
        None,
        "The feedback meeting started two hours late and the registered manager was not given time to respond.",
        [],
        users["rm@northgate.example"],
        lodged_at,
    )
    services.save_point(
        late,
        None,
        "An inspector spoke to a child without staff present, against the child's plan.",
        [],
        users["rm@northgate.example"],
        lodged_at,
    )
    services.lodge(late, users["ri@northgate.example"], lodged_at)
    services.acknowledge(late, manager, lodged_at)
    services.assign(late, baker, manager, lodged_at)
    services.answer_point(
        late.points[0],
        rules.UPHELD,
        "The meeting did start late, and the manager should have had time to respond.",
        "The lead inspector has been reminded of the guidance.",
        baker,
        lodged_at,
    )
