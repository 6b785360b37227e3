"""The published spec: the generator-ready document SDK authors download.

`spec/comms-sender-pools.yaml` is already in the forms mainstream generators read with default
options (the `generator-ready` spec check); publishing drops what only the kit's maintainers
read (`info.x-provenance-rules`, a path into this checkout) and says where the document comes
from. The per-node provenance (`x-source`, `x-provenance`, `x-inferred-reason`) stays: it is
how an SDK author tells a documented promise from an inference, and no generator prints it.
`python -m scripts.publish` writes it as JSON and YAML (`spec/published/`, shipped in the wheel);
the emulator serves the same document at `/openapi.json`, its servers pointed at itself.
"""

from __future__ import annotations

import copy
from typing import Any

PUBLISHED_NAME = "comms-sender-pools"
MAINTAINER_ONLY = ("x-provenance-rules", "x-sources")
SOURCE = "https://docs.comms.twilio.com/comms-api-reference"


def published_document(document: dict[str, Any]) -> dict[str, Any]:
    published = copy.deepcopy(document)
    info = published.setdefault("info", {})
    for key in MAINTAINER_ONLY:
        info.pop(key, None)
    info["x-published-by"] = (
        "Twilio Comms Sender Pools conformance kit, from its spec/comms-sender-pools.yaml "
        f"at version {info.get('version')}; drawn from Twilio's public documentation"
    )
    published.setdefault(
        "externalDocs",
        {"description": "Twilio's Comms API reference, which this document is drawn from",
         "url": SOURCE},
    )  # fmt: skip
    return published
