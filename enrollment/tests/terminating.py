"""A termination asked for in the tests of termination (the services, the pages and the API), and the scanned death
certificate a death needs (other apps' tests import `death_certificate` too)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from enrollment import terminations

DEATH_DAY = datetime.date(2026, 10, 2)

# A whole, plain PDF (no script, no embedded file): what a scanner's PDF looks like to the sniffing.
PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
             b"trailer<</Root 1 0 R>>\n%%EOF\n")


def death_certificate(name="死亡医学证明.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def ask(actor, resident, **kw):
    """A death on DEATH_DAY with its evidence (number and scan), asked for by `actor`; `kw` overrides any of them."""
    args = {"reason": "death", "terminated_on": DEATH_DAY, "evidence": "死亡医学证明 No.2026-0815"} | kw
    if args["reason"] == "death" and "evidence_file" not in kw:
        args["evidence_file"] = death_certificate()
    return terminations.termination_request(actor=actor, enrollment=resident.enrollments.get(), **args)
