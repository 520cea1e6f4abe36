"""What an offer's declared export-control status implies for shipping it from the startup's country to Ukraine:
the line the export checkpoint shows both parties before a pilot. It is guidance, not legal advice."""

from django.utils.translation import gettext as _

from offers.models import ExportControl, Offer


def export_implication(offer: Offer) -> str:
    country = offer.organisation.get_country_display()
    if offer.export_control == ExportControl.DUAL_USE:
        return _(
            "An EU dual-use item (Annex I of Regulation (EU) 2021/821): shipping it from %(country)s to Ukraine needs "
            "an export authorisation from the competent authority in %(country)s."
        ) % {"country": country}
    if offer.export_control == ExportControl.MILITARY_LIST:
        return _(
            "On the EU Common Military List, category %(category)s: exporting it from %(country)s to Ukraine needs a "
            "licence from %(country)s under Common Position 2008/944/CFSP, usually with an end-user certificate from "
            "the Ukrainian side."
        ) % {"category": offer.ml_category, "country": country}
    return _("Not export-controlled: no licence is needed to ship it from %(country)s to Ukraine.") % {
        "country": country
    }
