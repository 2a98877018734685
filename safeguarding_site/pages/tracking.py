"""Query parameters that social networks, newsletters and analytics add to links.

No page reads them, so a visit whose query string holds nothing else gets the
bare page: from the mirror (mirror/serve.py) and nginx, whose configuration
deploy/render-nginx-conf builds from these same names. Kept free of
Django imports so that script can read it.
"""

TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "gbraid", "wbraid", "dclid", "msclkid", "twclid", "ttclid", "li_fat_id",
        "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "ref_src",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_",)


def is_tracking_parameter(name):
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)
